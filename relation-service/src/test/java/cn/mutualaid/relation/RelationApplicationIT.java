package cn.mutualaid.relation;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.ServiceStartsIT;

@MeshTest
class RelationApplicationIT extends ServiceStartsIT {
}
