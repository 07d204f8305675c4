package cn.mutualaid.wallet;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.ServiceStartsIT;

@MeshTest
class WalletApplicationIT extends ServiceStartsIT {
}
