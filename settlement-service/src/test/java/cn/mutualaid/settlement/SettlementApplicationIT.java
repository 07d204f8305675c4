package cn.mutualaid.settlement;

import cn.mutualaid.testing.MeshTest;
import cn.mutualaid.testing.ServiceStartsIT;

@MeshTest
class SettlementApplicationIT extends ServiceStartsIT {
}
