package cn.mutualaid.registry;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.ServiceStartsIT;

@MeshTest
class RegistryApplicationIT extends ServiceStartsIT {
}
