ip netns add nslab-chain-h1
ip netns add nslab-chain-h2
ip netns add nslab-chain-r1
ip netns add nslab-chain-r2
ip netns add nslab-chain-r3
ip netns exec nslab-chain-h1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-chain-h1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-chain-h1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-chain-h1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-chain-h1 link set dev lo alias nslab-lab:chain up
ip netns exec nslab-chain-h2 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-chain-h2 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-chain-h2 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-chain-h2 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-chain-h2 link set dev lo alias nslab-lab:chain up
ip netns exec nslab-chain-r1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-chain-r1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-chain-r1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-chain-r1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-chain-r1 link set dev lo alias nslab-lab:chain up
ip netns exec nslab-chain-r2 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-chain-r2 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-chain-r2 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-chain-r2 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-chain-r2 link set dev lo alias nslab-lab:chain up
ip netns exec nslab-chain-r3 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-chain-r3 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-chain-r3 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-chain-r3 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-chain-r3 link set dev lo alias nslab-lab:chain up
ip -n nslab-chain-h1 link add name eth0 mtu 1500 type veth peer name eth0 netns nslab-chain-r1 mtu 1500
ip -n nslab-chain-h2 link add name eth0 mtu 1500 type veth peer name eth1 netns nslab-chain-r3 mtu 1500
ip -n nslab-chain-r1 link add name eth1 mtu 1500 type veth peer name eth0 netns nslab-chain-r2 mtu 1500
ip -n nslab-chain-r2 link add name eth1 mtu 1500 type veth peer name eth0 netns nslab-chain-r3 mtu 1500
ip -n nslab-chain-h1 link set dev eth0 alias nslab:h1:eth0--r1:eth0 up
ip -n nslab-chain-h1 addr add 10.1.0.2/24 dev eth0
ip -n nslab-chain-r1 link set dev eth0 alias nslab:h1:eth0--r1:eth0 up
ip -n nslab-chain-r1 addr add 10.1.0.1/24 dev eth0
ip -n nslab-chain-h2 link set dev eth0 alias nslab:h2:eth0--r3:eth1 up
ip -n nslab-chain-h2 addr add 10.3.0.2/24 dev eth0
ip -n nslab-chain-r3 link set dev eth1 alias nslab:h2:eth0--r3:eth1 up
ip -n nslab-chain-r3 addr add 10.3.0.1/24 dev eth1
ip -n nslab-chain-r1 link set dev eth1 alias nslab:r1:eth1--r2:eth0 up
ip -n nslab-chain-r1 addr add 10.12.0.1/30 dev eth1
ip -n nslab-chain-r2 link set dev eth0 alias nslab:r1:eth1--r2:eth0 up
ip -n nslab-chain-r2 addr add 10.12.0.2/30 dev eth0
ip -n nslab-chain-r2 link set dev eth1 alias nslab:r2:eth1--r3:eth0 up
ip -n nslab-chain-r2 addr add 10.23.0.1/30 dev eth1
ip -n nslab-chain-r3 link set dev eth0 alias nslab:r2:eth1--r3:eth0 up
ip -n nslab-chain-r3 addr add 10.23.0.2/30 dev eth0
ip -n nslab-chain-h1 route replace default via 10.1.0.1 metric 0
ip -n nslab-chain-h2 route replace default via 10.3.0.1 metric 0
ip -n nslab-chain-r1 route replace 10.23.0.0/30 via 10.12.0.2 metric 0
ip -n nslab-chain-r1 route replace 10.3.0.0/24 via 10.12.0.2 metric 0
ip -n nslab-chain-r2 route replace 10.1.0.0/24 via 10.12.0.1 metric 0
ip -n nslab-chain-r2 route replace 10.3.0.0/24 via 10.23.0.2 metric 0
ip -n nslab-chain-r3 route replace 10.12.0.0/30 via 10.23.0.1 metric 0
ip -n nslab-chain-r3 route replace 10.1.0.0/24 via 10.23.0.1 metric 0
ip netns exec nslab-chain-r1 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec nslab-chain-r1 sysctl -q -w net.ipv6.conf.all.forwarding=1
ip netns exec nslab-chain-r2 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec nslab-chain-r2 sysctl -q -w net.ipv6.conf.all.forwarding=1
ip netns exec nslab-chain-r3 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec nslab-chain-r3 sysctl -q -w net.ipv6.conf.all.forwarding=1
