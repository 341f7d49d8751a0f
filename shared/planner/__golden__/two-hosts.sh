ip netns add nslab-two-hosts-h1
ip netns add nslab-two-hosts-h2
ip -n nslab-two-hosts-h1 link set dev lo up
ip -n nslab-two-hosts-h2 link set dev lo up
ip -n nslab-two-hosts-h1 link add name eth0 mtu 1500 alias nslab:h1:eth0--h2:eth0 type veth peer name eth0 netns nslab-two-hosts-h2 mtu 1500 alias nslab:h1:eth0--h2:eth0
ip -n nslab-two-hosts-h1 link set dev eth0 up
ip -n nslab-two-hosts-h1 addr add 10.0.0.1/24 dev eth0
ip -n nslab-two-hosts-h2 link set dev eth0 up
ip -n nslab-two-hosts-h2 addr add 10.0.0.2/24 dev eth0
