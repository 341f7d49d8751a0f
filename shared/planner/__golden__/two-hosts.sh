ip netns add nslab-two-hosts-h1
ip netns add nslab-two-hosts-h2
ip netns exec nslab-two-hosts-h1 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-two-hosts-h1 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-two-hosts-h1 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-two-hosts-h1 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-two-hosts-h1 link set dev lo alias nslab-lab:two-hosts up
ip netns exec nslab-two-hosts-h2 sysctl -q -w net.ipv6.conf.all.accept_dad=0
ip netns exec nslab-two-hosts-h2 sysctl -q -w net.ipv6.conf.default.accept_dad=0
ip netns exec nslab-two-hosts-h2 sysctl -q -w net.ipv4.conf.all.promote_secondaries=1
ip netns exec nslab-two-hosts-h2 sysctl -q -w net.ipv4.conf.default.promote_secondaries=1
ip -n nslab-two-hosts-h2 link set dev lo alias nslab-lab:two-hosts up
ip -n nslab-two-hosts-h1 link add name eth0 mtu 1500 type veth peer name eth0 netns nslab-two-hosts-h2 mtu 1500
ip -n nslab-two-hosts-h1 link set dev eth0 alias nslab:h1:eth0--h2:eth0 up
ip -n nslab-two-hosts-h1 addr add 10.0.0.1/24 dev eth0
ip -n nslab-two-hosts-h2 link set dev eth0 alias nslab:h1:eth0--h2:eth0 up
ip -n nslab-two-hosts-h2 addr add 10.0.0.2/24 dev eth0
