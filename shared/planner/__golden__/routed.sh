ip netns add nslab-routed-h1
ip netns add nslab-routed-h2
ip netns add nslab-routed-h3
ip netns add nslab-routed-r1
ip netns add nslab-routed-sw1
ip netns exec nslab-routed-h1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-routed-h1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-routed-h1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-routed-h1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-routed-h1 link set dev lo alias nslab-lab:routed up
ip netns exec nslab-routed-h2 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-routed-h2 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-routed-h2 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-routed-h2 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-routed-h2 link set dev lo alias nslab-lab:routed up
ip netns exec nslab-routed-h3 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-routed-h3 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-routed-h3 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-routed-h3 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-routed-h3 link set dev lo alias nslab-lab:routed up
ip netns exec nslab-routed-r1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-routed-r1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-routed-r1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-routed-r1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-routed-r1 link set dev lo alias nslab-lab:routed up
ip netns exec nslab-routed-sw1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-routed-sw1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-routed-sw1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-routed-sw1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-routed-sw1 link set dev lo alias nslab-lab:routed up
ip -n nslab-routed-sw1 link add name br0 type bridge stp_state 0 forward_delay 0
ip -n nslab-routed-h1 link add name eth0 mtu 1500 type veth peer name eth0 netns nslab-routed-r1 mtu 1500
ip -n nslab-routed-h2 link add name eth0 mtu 1500 type veth peer name p2 netns nslab-routed-sw1 mtu 1500
ip -n nslab-routed-h3 link add name eth0 mtu 1500 type veth peer name p3 netns nslab-routed-sw1 mtu 1500
ip -n nslab-routed-r1 link add name eth1 mtu 1500 type veth peer name p1 netns nslab-routed-sw1 mtu 1500
ip -n nslab-routed-sw1 link set dev br0 up
ip -n nslab-routed-h1 link set dev eth0 alias nslab:h1:eth0--r1:eth0 up
ip -n nslab-routed-h1 addr add 10.0.1.2/24 dev eth0
ip -n nslab-routed-r1 link set dev eth0 alias nslab:h1:eth0--r1:eth0 up
ip -n nslab-routed-r1 addr add 10.0.1.1/24 dev eth0
ip -n nslab-routed-h2 link set dev eth0 alias nslab:h2:eth0--sw1:p2 up
ip -n nslab-routed-h2 addr add 10.0.2.2/24 dev eth0
ip -n nslab-routed-sw1 link set dev p2 master br0 alias nslab:h2:eth0--sw1:p2 up
ip -n nslab-routed-h3 link set dev eth0 alias nslab:h3:eth0--sw1:p3 up
ip -n nslab-routed-h3 addr add 10.0.2.3/24 dev eth0
ip -n nslab-routed-sw1 link set dev p3 master br0 alias nslab:h3:eth0--sw1:p3 up
ip -n nslab-routed-r1 link set dev eth1 alias nslab:r1:eth1--sw1:p1 up
ip -n nslab-routed-r1 addr add 10.0.2.1/24 dev eth1
ip -n nslab-routed-sw1 link set dev p1 master br0 alias nslab:r1:eth1--sw1:p1 up
ip -n nslab-routed-h1 route replace default via 10.0.1.1 metric 0
ip -n nslab-routed-h2 route replace default via 10.0.2.1 metric 0
ip -n nslab-routed-h3 route replace default via 10.0.2.1 metric 0
ip netns exec nslab-routed-r1 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec nslab-routed-r1 sysctl -q -w net.ipv6.conf.all.forwarding=1
