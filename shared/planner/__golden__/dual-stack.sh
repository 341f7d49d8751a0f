ip netns add nslab-dualstack-h1
ip netns add nslab-dualstack-h2
ip netns add nslab-dualstack-r1
ip netns exec nslab-dualstack-h1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-dualstack-h1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-dualstack-h1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-dualstack-h1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-dualstack-h1 link set dev lo alias nslab-lab:dualstack up
ip netns exec nslab-dualstack-h2 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-dualstack-h2 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-dualstack-h2 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-dualstack-h2 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-dualstack-h2 link set dev lo alias nslab-lab:dualstack up
ip netns exec nslab-dualstack-r1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-dualstack-r1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-dualstack-r1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-dualstack-r1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-dualstack-r1 link set dev lo alias nslab-lab:dualstack up
ip -n nslab-dualstack-h1 link add name eth0 mtu 1500 type veth peer name eth0 netns nslab-dualstack-r1 mtu 1500
ip -n nslab-dualstack-h2 link add name eth0 mtu 9000 type veth peer name eth1 netns nslab-dualstack-r1 mtu 9000
ip -n nslab-dualstack-h1 link set dev eth0 alias nslab:h1:eth0--r1:eth0 up
ip -n nslab-dualstack-h1 addr add 10.0.1.2/24 dev eth0
ip -n nslab-dualstack-h1 addr add fd00:1::2/64 dev eth0 nodad
ip -n nslab-dualstack-r1 link set dev eth0 alias nslab:h1:eth0--r1:eth0 up
ip -n nslab-dualstack-r1 addr add 10.0.1.1/24 dev eth0
ip -n nslab-dualstack-r1 addr add fd00:1::1/64 dev eth0 nodad
ip -n nslab-dualstack-h2 link set dev eth0 alias nslab:h2:eth0--r1:eth1 up
ip -n nslab-dualstack-h2 addr add 10.0.2.2/24 dev eth0
ip -n nslab-dualstack-h2 addr add fd00:2::2/64 dev eth0 nodad
ip -n nslab-dualstack-r1 link set dev eth1 alias nslab:h2:eth0--r1:eth1 up
ip -n nslab-dualstack-r1 addr add 10.0.2.1/24 dev eth1
ip -n nslab-dualstack-r1 addr add fd00:2::1/64 dev eth1 nodad
ip -n nslab-dualstack-h1 route replace default via 10.0.1.1 metric 0
ip -n nslab-dualstack-h1 route replace default via fd00:1::1 metric 1024
ip -n nslab-dualstack-h2 route replace default via 10.0.2.1 metric 0
ip -n nslab-dualstack-h2 route replace default via fd00:2::1 metric 1024
ip netns exec nslab-dualstack-r1 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec nslab-dualstack-r1 sysctl -q -w net.ipv6.conf.all.forwarding=1
