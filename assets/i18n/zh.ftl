# Fathom 的简体中文消息。字段名（tcp.seq）和过滤器语法与 Wireshark 保持一致，不翻译。
# `#{ $frame }` 在窗口中是指向该帧的链接。

## 解释数据包：TCP

tcp-syn = { $src }:{ $sport } 发出 SYN，请求与 { $dst }:{ $dport } 建立连接（三次握手的第一步）。
tcp-syn-ack = { $src }:{ $sport } 回复 SYN+ACK：服务器接受连接，并确认 #{ $frame } 中的 SYN（握手的第二步）。
tcp-opt-mss = 它声明最大报文段长度（MSS）为 { $mss } 字节：即它希望在一个报文段中接收的最大载荷。
tcp-opt-wscale = 它提出窗口缩放，移位值为 { $shift }：其窗口字段应乘以 { $mult }。
tcp-opt-sack = 它允许选择性确认（SACK），接收方可以准确报告哪些数据块已经到达。
tcp-state-syn-sent = 客户端现在处于 SYN_SENT 状态，等待 SYN+ACK。
tcp-state-syn-received = 服务器现在处于 SYN_RECEIVED 状态，等待最后的 ACK。
tcp-handshake-done = 这个 ACK 完成了三次握手：双方现在都处于 ESTABLISHED 状态。
tcp-rst = { $src }:{ $sport } 发出 RST：连接被立即中止，双方都不能再在该连接上发送数据。
tcp-rst-why = 常见原因：该端口没有程序在监听；应用程序在数据未读完时关闭了连接；或者防火墙、中间设备放弃了该连接。
tcp-fin-first = { $src }:{ $sport } 发出 FIN：这一端没有更多数据要发送，开始关闭连接（FIN_WAIT_1）。
tcp-fin-merged = { $src }:{ $sport } 发出 FIN+ACK：它在关闭自己这一端的同时确认了对方在 #{ $frame } 中的 FIN，因此这次关闭只用了三个报文段，而不是四个。
tcp-fin-second = { $src }:{ $sport } 发出 FIN：对方先关闭了，这一端现在也关闭（LAST_ACK）。
tcp-fin-acked-time-wait = 双方的 FIN 都已被确认。这一端先关闭，所以现在进入 TIME_WAIT，等待一段时间后连接才被彻底释放。
tcp-fin-acked-close-wait = 对方已发送完毕（这一端处于 CLOSE_WAIT），这一端在发出自己的 FIN 之前仍可以继续发送。
tcp-data = 它携带 { $len } 字节数据，从 Seq { $seq } 开始；这一端的下一个报文段应从 Seq { $next } 开始（{ $seq } + { $len }）。
tcp-segment-of = 这些字节是在 #{ $frame } 中重组的一条消息的一部分。
tcp-acks-data = ACK { $ack } 确认了 #{ $frame } 中 { $len } 字节的报文段（Seq { $seq } + { $len } = { $ack }），距其发送 { $rtt }。
tcp-acks-syn = ACK { $ack } 确认了 #{ $frame } 中的 SYN，SYN 算作一个字节（Seq { $seq } + 1 = { $ack }），距其发送 { $rtt }。
tcp-acks-fin = ACK { $ack } 确认了 #{ $frame } 中的 FIN，FIN 算作一个字节（Seq { $seq } + 1 = { $ack }），距其发送 { $rtt }。
tcp-window-scaled = 窗口 { $value } × 缩放因子 { $factor } = { $size } 字节：这一端现在还能接收的数据量。
tcp-window-unknown = 窗口 { $value }：由于没有抓到握手，缩放因子未知，无法算出真实窗口。
tcp-window = 窗口 { $size } 字节：这一端现在还能接收的数据量。
tcp-retrans = 重传：这个报文段重复了之前发送过的数据。发送方没有及时收到 ACK，于是再次发送（通常是丢了包）。
tcp-fast-retrans = 快速重传：重复的 ACK 表明接收方缺少这些数据，发送方没有等待定时器就立即重发。
tcp-spurious = 虚假重传：接收方早已确认过这些数据，这次重发是不必要的（常因 ACK 延迟或丢失）。
tcp-out-of-order = 乱序：这些数据本应排在已收到的数据之前，网络以不同的顺序送达了数据包。
tcp-lost-segment = 前一个报文段未被抓到：抓包中缺少此报文段之前的数据（在途中丢失，或抓包时漏掉）。
tcp-ack-lost = 确认了未见到的报文段：这个 ACK 覆盖了抓包中从未出现的数据。
tcp-zero-window = 零窗口：接收方的缓冲区已满，发送方必须暂停，直到窗口重新打开。
tcp-zero-window-probe = 零窗口探测：发送方检查接收方的窗口是否已经打开。
tcp-window-full = 窗口已满：发送方已经用满了接收方的整个窗口，必须等待 ACK。
tcp-window-update = 窗口更新：没有新数据，只是窗口变大，通知发送方可以继续发送。
tcp-keep-alive = 保活（Keep-alive）：在空闲连接上发出的探测，检查对方是否仍然在线。
tcp-keep-alive-ack = 保活确认：对保活探测的应答，连接仍然有效。
tcp-reused-ports = 端口复用：新的连接使用了与先前连接相同的地址和端口。
tcp-dup-ack = 这是 #{ $frame } 的第 { $num } 个重复 ACK：接收方仍在等待 Seq { $ack }。之所以重复，是因为后面的数据先于缺失的数据到达（丢包或乱序）。

## 解释数据包：HTTP

http-reassembled = 这条消息被分成 { $count } 个 TCP 报文段（{ $segments } 字节），并在这里重组：共 { $total } 字节。
http-request = HTTP 请求：{ $method } { $uri }，主机为 { $host }。
http-request-no-host = HTTP 请求：{ $method } { $uri }。
http-keep-alive = 这个连接被复用（HTTP keep-alive）：其上的前一个请求在 #{ $frame }。
http-pipelined = 这一个报文段中包含多个请求，客户端没有等待响应就连续发送（HTTP 管线化）。
http-response-in = 它的响应在 #{ $frame }。
http-response = HTTP 响应 { $code } { $phrase }，对应 #{ $frame } 中的请求，相隔 { $time }。
http-response-alone = HTTP 响应 { $code } { $phrase }；抓包中没有与之匹配的请求。
http-chunked = 消息体以分块方式发送（Transfer-Encoding: chunked），在这里拼接完整。
http-encoded = 消息体使用 { $encoding } 压缩：线路上的 { $from } 字节解压后为 { $to } 字节。

## 解释数据包：其他

frame-other = { $protocol }：{ $info }


## 窗口

ui-explain-title = 解释
ui-explain-none = 选择一个数据包，查看它的作用。
