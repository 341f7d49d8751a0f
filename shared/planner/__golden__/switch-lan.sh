ip netns add nslab-switch-lan-h1
ip netns add nslab-switch-lan-h2
ip netns add nslab-switch-lan-h3
ip netns add nslab-switch-lan-h4
ip netns add nslab-switch-lan-sw1
ip netns exec nslab-switch-lan-h1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-switch-lan-h1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-switch-lan-h1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-switch-lan-h1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-switch-lan-h1 link set dev lo alias nslab-lab:switch-lan up
ip netns exec nslab-switch-lan-h2 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-switch-lan-h2 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-switch-lan-h2 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-switch-lan-h2 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-switch-lan-h2 link set dev lo alias nslab-lab:switch-lan up
ip netns exec nslab-switch-lan-h3 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-switch-lan-h3 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-switch-lan-h3 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-switch-lan-h3 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-switch-lan-h3 link set dev lo alias nslab-lab:switch-lan up
ip netns exec nslab-switch-lan-h4 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-switch-lan-h4 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-switch-lan-h4 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-switch-lan-h4 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-switch-lan-h4 link set dev lo alias nslab-lab:switch-lan up
ip netns exec nslab-switch-lan-sw1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-switch-lan-sw1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-switch-lan-sw1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-switch-lan-sw1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-switch-lan-sw1 link set dev lo alias nslab-lab:switch-lan up
ip -n nslab-switch-lan-sw1 link add name br0 type bridge stp_state 0 forward_delay 0
ip -n nslab-switch-lan-h1 link add name eth0 mtu 1500 type veth peer name p1 netns nslab-switch-lan-sw1 mtu 1500
ip -n nslab-switch-lan-h2 link add name eth0 mtu 1500 type veth peer name p2 netns nslab-switch-lan-sw1 mtu 1500
ip -n nslab-switch-lan-h3 link add name eth0 mtu 1500 type veth peer name p3 netns nslab-switch-lan-sw1 mtu 1500
ip -n nslab-switch-lan-h4 link add name eth0 mtu 1500 type veth peer name p4 netns nslab-switch-lan-sw1 mtu 1500
ip -n nslab-switch-lan-sw1 link set dev br0 up
ip -n nslab-switch-lan-h1 link set dev eth0 alias nslab:h1:eth0--sw1:p1 up
ip -n nslab-switch-lan-h1 addr add 192.168.10.1/24 dev eth0
ip -n nslab-switch-lan-sw1 link set dev p1 master br0 alias nslab:h1:eth0--sw1:p1 up
ip -n nslab-switch-lan-h2 link set dev eth0 alias nslab:h2:eth0--sw1:p2 up
ip -n nslab-switch-lan-h2 addr add 192.168.10.2/24 dev eth0
ip -n nslab-switch-lan-sw1 link set dev p2 master br0 alias nslab:h2:eth0--sw1:p2 up
ip -n nslab-switch-lan-h3 link set dev eth0 alias nslab:h3:eth0--sw1:p3 up
ip -n nslab-switch-lan-h3 addr add 192.168.10.3/24 dev eth0
ip -n nslab-switch-lan-sw1 link set dev p3 master br0 alias nslab:h3:eth0--sw1:p3 up
ip -n nslab-switch-lan-h4 link set dev eth0 alias nslab:h4:eth0--sw1:p4 up
ip -n nslab-switch-lan-h4 addr add 192.168.10.4/24 dev eth0
ip -n nslab-switch-lan-sw1 link set dev p4 master br0 alias nslab:h4:eth0--sw1:p4 up
