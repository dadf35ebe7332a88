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

tour-syn = 握手第 1 步：客户端的 SYN
tour-syn-ack = 握手第 2 步：服务器的 SYN+ACK
tour-handshake-ack = 握手第 3 步：客户端的 ACK
tour-request = HTTP 请求
tour-request-ack = 服务器确认收到请求
tour-response = HTTP 响应
tour-response-reassembled = 由多个报文段重组而成的响应
tour-keep-alive = Keep-alive：同一连接上的下一个请求
tour-fin-first = 断开连接：第一个 FIN
tour-fin-second = 断开连接：对方的 FIN
tour-last-ack = 断开连接：最后的 ACK
ui-tour-step = 第 { $at } 步，共 { $count } 步
ui-tour-back = ◀ 上一步
ui-tour-next = 下一步 ▶
ui-tour-end = 结束导览
ui-tour-none = 这个抓包中没有可以逐步讲解的 TCP 连接。

## 菜单

menu-none = （无）
menu-about = 关于 Fathom
menu-example-http = 一次 HTTP 页面加载（分步导览）
menu-analyze = 分析
menu-when-loaded = 文件加载完成后可用。
menu-capture = 捕获
menu-close = 关闭  (Ctrl+W)
menu-coloring-rules = 着色规则…
menu-colorize = 为分组列表着色
menu-columns = 列
menu-dark = 深色主题
menu-decode-as = 解码为…
menu-edit = 编辑
menu-expert = 专家信息
menu-explain = 解释
menu-export-objects = 导出对象
menu-export-specified = 导出特定分组…
menu-file = 文件
menu-find = 查找分组…
menu-flow-graph = 流量图（TCP）
menu-follow = 追踪流
menu-goto = 转到分组…  (Ctrl+G)
menu-follow-http = HTTP 流  (Ctrl+Alt+Shift+H)
menu-http = HTTP
menu-http-objects = HTTP…
menu-help = 帮助
menu-io-graph = I/O 图表
menu-ignore = 忽略/取消忽略分组
menu-shortcuts = 键盘快捷键
menu-language = 语言
menu-light = 浅色主题
menu-load-distribution = 负载分布
menu-mark = 标记/取消标记分组
menu-merge-hint = 按时间顺序将另一个抓包文件合并到当前文件
menu-merge = 合并…
menu-name-resolution = 名称解析
menu-next-mark = 下一个标记
menu-open-example = 打开示例
menu-open-recent = 最近打开
menu-open = 打开…  (Ctrl+O)
menu-capture-options = 选项…  (Ctrl+K)
menu-comment = 分组注释…
menu-packet-counter = 分组计数器
menu-preferences = 首选项…
menu-prev-mark = 上一个标记
menu-quit = 退出  (Ctrl+Q)
menu-refresh-interfaces = 刷新接口
menu-request-sequences = 请求序列
menu-requests = 请求
menu-restart = 重新开始  (Ctrl+R)
menu-save = 保存  (Ctrl+S)
menu-save-as = 另存为…  (Ctrl+Shift+S)
menu-export-specified-hint = 保存全部、显示的、标记的或某一范围的分组
menu-select-tcp-first = 请先选择一个 TCP 分组。
menu-time-ref = 设置/取消时间参考
menu-start = 开始  (Ctrl+E)
menu-statistics = 统计
menu-stop = 停止  (Ctrl+E)
menu-follow-tcp = TCP 流  (Ctrl+Alt+Shift+T)
menu-tcp-graphs = TCP 流图形
menu-time-format = 时间显示格式
menu-unignore-all = 全部取消忽略
menu-unmark-all = 取消标记所有显示的分组
menu-unset-time-refs = 取消所有时间参考
menu-view = 视图
menu-waterfall = 瀑布图
menu-hierarchy = 协议分级
menu-conversations = 会话
menu-endpoints = 端点

## 工具栏和过滤器栏

tb-close-hint = 关闭此抓包 (Ctrl+W)
tb-close = 关闭
tb-colorize-hint = 为分组列表着色
tb-colorize = 着色
tb-first-hint = 第一个分组 (Home)
tb-goto-hint = 转到分组 (Ctrl+G)
tb-goto = 转到…
tb-follow-hint = 始终显示最新的分组
tb-last-hint = 最后一个分组 (End)
tb-last = 最后 ▶|
tb-next-hint = 下一个分组 (↓)
tb-next = 下一个 ▶
tb-open-hint = 打开抓包文件 (Ctrl+O)
tb-open = 打开
tb-prev-hint = 上一个分组 (↑)
tb-restart-hint = 重新开始捕获 (Ctrl+R)
tb-capture-hint = 使用上次的选项开始捕获 (Ctrl+E)
tb-stop-hint = 停止捕获 (Ctrl+E)
tb-first = |◀ 第一个
tb-follow = ↓ 跟随
tb-stop = ■ 停止
tb-capture = ▶ 捕获
tb-prev = ◀ 上一个
tb-restart = ⟳ 重新开始
fb-none-yet = （暂无）
fb-placeholder = 应用显示过滤器 … (Ctrl+/)
fb-apply = 应用
fb-clear-hint = 清除过滤器
fb-filter = 过滤器：
fb-history = 历史

## 欢迎界面

wl-error = ⚠ Fathom 无法完成该操作
wl-tagline = 看看一次 HTTP 请求在线路上做了什么。
wl-open = 打开抓包文件…
wl-demo = 打开示例抓包（一次 HTTP 交互）
wl-tour = 逐步讲解地走一遍
wl-drop = …或者把 .pcap / .pcapng 文件拖到此窗口。
wl-recent = 最近的文件
wl-capture = 捕获
wl-start = ▶ 开始捕获
wl-start-hint = 请勾选一个接口（并确保捕获过滤器有效）。
wl-options = 选项…
wl-double-click = 双击某个接口即可只在该接口上捕获。


## 状态栏

sb-ready = 可以打开抓包文件了
sb-loading = 分组：{ $frames } · 正在加载…
sb-capturing = ● 正在捕获
sb-capture-stopped = 捕获已停止
sb-unsaved = 未保存
sb-cancel = 取消
sb-load-time = 加载时间：{ $secs } 秒
sb-load-cancelled = （加载已取消）
sb-saving = 正在保存…
sb-filtering = 正在过滤 { $percent }%
sb-filter-pending = 过滤器将在加载完成后应用
sb-filter = 过滤器：{ $filter }
sb-sorting = 正在排序…
sb-expert = 专家信息：{ $count } 条警告
sb-expert-hint = 打开专家信息
sb-packets = 分组：{ $packets } · 已显示：{ $shown }（{ $percent }%）

## 字段说明（树中的悬停提示）；id 为字段名，“.” 换成 “-”

field-frame-number = 这个数据包在本次抓包中的编号，从 1 开始。
field-frame-len = 数据包在线路上的字节数。
field-frame-cap_len = 抓包文件中保存了多少字节（可能少于线路上的长度）。
field-frame-time_relative = 距抓包中第一个数据包的秒数。
field-frame-time_delta = 距前一个被抓到的数据包的秒数。
field-eth-src = 在本链路上发送该帧的网卡 MAC 地址。
field-eth-dst = 本链路上该帧的目的网卡 MAC 地址。
field-eth-type = 该帧承载的协议（0x0800 为 IPv4，0x86dd 为 IPv6，0x0806 为 ARP）。
field-ip-src = 发送该数据包的主机的 IPv4 地址。
field-ip-dst = 该数据包目的主机的 IPv4 地址。
field-ip-ttl = 生存时间：每经过一个路由器减一，减到零时数据包被丢弃，防止无限循环。
field-ip-proto = IP 数据包内的协议（6 为 TCP，17 为 UDP，1 为 ICMP）。
field-ip-len = IP 数据包的总长度（首部加载荷），单位为字节。
field-ip-id = 标识：用于把同一个 IP 数据包的分片拼接起来的编号。
field-ip-flags-df = 不分片：路由器宁可丢弃也不能把该数据包分片。
field-ipv6-src = 发送该数据包的主机的 IPv6 地址。
field-ipv6-dst = 该数据包目的主机的 IPv6 地址。
field-ipv6-hlim = 跳数限制：IPv6 中的生存时间，每经过一个路由器减一。
field-tcp-srcport = 发送该报文段的程序所用的端口。
field-tcp-dstport = 该报文段目的程序的端口（80 为 HTTP）。
field-tcp-stream = TCP 连接的编号（与 Wireshark 相同）：同一连接的所有报文段编号相同。
field-tcp-len = 该报文段携带的数据字节数（TCP 载荷）。
field-tcp-seq = 报文段第一个数据字节的序号，从 SYN 处的 0 开始计数（相对序号）。
field-tcp-seq_raw = 实际发送的序号：随机初始值加上已发送的字节数。
field-tcp-nxtseq = 发送方下一个报文段应有的序号：Seq + Len（SYN 或 FIN 算一个）。
field-tcp-ack = 发送方期望从对方收到的下一个序号：在它之前的数据都已收到。
field-tcp-ack_raw = 实际发送的确认号（未换算为相对值）。
field-tcp-hdr_len = TCP 首部（含选项）的长度，单位为字节。
field-tcp-flags = 报文段的控制位：SYN、ACK、PSH、FIN、RST 等。
field-tcp-flags-syn = SYN：建立连接并确定初始序号。
field-tcp-flags-ack = ACK：确认号有效（第一个 SYN 之后的每个报文段都会置位）。
field-tcp-flags-push = PSH：立即把数据交给应用程序，不必等待更多数据。
field-tcp-flags-fin = FIN：发送方没有更多数据，关闭这一方向的连接。
field-tcp-flags-reset = RST：立即中止连接。
field-tcp-window_size_value = 实际发送的窗口字段值（未缩放）。
field-tcp-window_size = 计算后的窗口：窗口字段 × 缩放因子，即发送方还能接收的字节数。
field-tcp-window_size_scalefactor = 握手时窗口缩放选项约定的乘数（-1 表示未知，-2 表示不缩放）。
field-tcp-checksum = TCP 报文段的校验和；默认不验证（网卡常在发送时才填写）。
field-tcp-options-mss_val = 最大报文段长度：发送方希望一个报文段中承载的最大载荷。
field-tcp-options-wscale-shift = 窗口缩放移位值：此后这一方的窗口要乘以 2 的该次方。
field-tcp-options-wscale-multiplier = 窗口缩放乘数：2 的移位值次方。
field-tcp-options-sack_perm = 允许 SACK：发送方支持选择性确认。
field-tcp-options-timestamp-tsval = 时间戳值：发送方发送该报文段时的时钟值。
field-tcp-options-timestamp-tsecr = 时间戳回显：回送对方最近的时间戳，用于测量往返时间。
field-tcp-analysis-acks_frame = 该 ACK 所确认的数据所在的帧。
field-tcp-analysis-ack_rtt = 往返时间：该 ACK 在那个帧之后多久到达。
field-tcp-analysis-initial_rtt = 握手的往返时间（从 SYN 到最后的 ACK）。
field-tcp-analysis-bytes_in_flight = 发送该报文段时已发出但尚未被确认的字节数。
field-tcp-analysis-push_bytes_sent = 自上一个带 PSH 标志的报文段以来发送的字节数。
field-tcp-analysis-retransmission = 该报文段重复发送了之前发过的数据。
field-tcp-analysis-duplicate_ack = 重复的 ACK：接收方仍缺少数据。
field-tcp-analysis-zero_window = 接收方窗口为 0：暂时无法再接收数据。
field-tcp-time_relative = 距该 TCP 连接第一个报文段的秒数。
field-tcp-time_delta = 距该 TCP 连接上一个报文段的秒数。
field-tcp-reassembled_in = 这些字节所属的消息在哪一帧被重组。
field-tcp-segment = 承载了该重组消息一部分的帧。
field-tcp-segment-count = 该消息被分成了多少个报文段。
field-tcp-reassembled-length = 重组后消息的长度（字节）。
field-tcp-payload = 该报文段携带的数据字节。
field-tcp-completeness = 以位表示看到了连接生命周期中的哪些步骤（SYN、SYN-ACK、ACK、数据、FIN、RST）。
field-http-request-method = 客户端要求服务器做什么（GET 获取，POST 提交数据）。
field-http-request-uri = 客户端请求的资源路径。
field-http-request-version = 客户端使用的 HTTP 版本。
field-http-request-full_uri = 完整的 URL：Host 首部与请求 URI 拼在一起。
field-http-host = 客户端访问的是哪个站点（一台服务器可承载多个站点）。
field-http-user_agent = 发出请求的程序（浏览器、curl 等）。
field-http-response-code = 状态码：2xx 成功，3xx 重定向，4xx 客户端错误，5xx 服务器错误。
field-http-response-phrase = 状态码的文字说明，给人看的。
field-http-content_type = 消息体的数据类型（text/html、image/gif 等）。
field-http-content_length = 消息体的长度（字节），按发送时计算。
field-http-content_encoding = 消息体的压缩方式（gzip、br 等）；Fathom 会将其解压。
field-http-transfer_encoding = 消息体的传输方式：chunked 表示分块，每块前面标有大小。
field-http-connection = keep-alive 表示保持 TCP 连接以发送更多请求；close 表示本次之后关闭。
field-http-time = 从请求到该响应的秒数。
field-http-request_in = 该响应所对应请求所在的帧。
field-http-response_in = 该请求的响应所在的帧。
field-http-prev_request_in = 同一 TCP 连接上的前一个请求（keep-alive）。
field-http-file_data = 去分块并解压后的消息体：浏览器最终得到的内容。
field-http-chunk_size = 分块消息体中一个块的大小。
