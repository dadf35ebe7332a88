# Fathom's messages in English. Field names (tcp.seq) and filter syntax stay as Wireshark has
# them in every language. `#{ $frame }` is a frame link in the window.

## Explain this packet: TCP

tcp-syn = SYN from { $src }:{ $sport } asks { $dst }:{ $dport } to open a connection (the first step of the three-way handshake).
tcp-syn-ack = SYN+ACK from { $src }:{ $sport }: the server accepts the connection and acknowledges the SYN in #{ $frame } (the second step of the handshake).
tcp-opt-mss = It offers a maximum segment size (MSS) of { $mss } bytes: the largest payload it wants to receive in one segment.
tcp-opt-wscale = It offers window scaling with shift { $shift }: its window field is to be multiplied by { $mult }.
tcp-opt-sack = It allows selective acknowledgements (SACK), so the receiver can report exactly which blocks arrived.
tcp-state-syn-sent = The client is now in SYN_SENT, waiting for SYN+ACK.
tcp-state-syn-received = The server is now in SYN_RECEIVED, waiting for the final ACK.
tcp-handshake-done = This ACK completes the three-way handshake: both sides are now ESTABLISHED.
tcp-rst = RST from { $src }:{ $sport }: the connection is aborted at once; neither side may send more on it.
tcp-rst-why = Usual causes: nothing listens on the port, an application closed with data still unread, or a firewall or middlebox gave up on the connection.
tcp-fin-first = FIN from { $src }:{ $sport }: this side has no more data to send and starts closing the connection (FIN_WAIT_1).
tcp-fin-merged = FIN+ACK from { $src }:{ $sport }: it closes its side and acknowledges the other side's FIN in #{ $frame } at once, so this close takes three segments instead of four.
tcp-fin-second = FIN from { $src }:{ $sport }: the other side closed first; this side now closes too (LAST_ACK).
tcp-fin-acked-time-wait = Both FINs are now acknowledged. This side closed first, so it waits in TIME_WAIT before the connection is forgotten.
tcp-fin-acked-close-wait = The other side has finished sending (this side is in CLOSE_WAIT); this side may still send before its own FIN.
tcp-data = It carries { $len } bytes of data starting at Seq { $seq }; the next segment from this side should start at Seq { $next } ({ $seq } + { $len }).
tcp-segment-of = These bytes are part of a message reassembled in #{ $frame }.
tcp-acks-data = ACK { $ack } confirms the { $len }-byte segment in #{ $frame } (Seq { $seq } + { $len } = { $ack }), { $rtt } after it was sent.
tcp-acks-syn = ACK { $ack } confirms the SYN in #{ $frame }, which counts as one byte (Seq { $seq } + 1 = { $ack }), { $rtt } after it was sent.
tcp-acks-fin = ACK { $ack } confirms the FIN in #{ $frame }, which counts as one byte (Seq { $seq } + 1 = { $ack }), { $rtt } after it was sent.
tcp-window-scaled = Window { $value } × scale { $factor } = { $size } bytes: how much more this side can receive now.
tcp-window-unknown = Window { $value }: the scale factor is unknown because the handshake was not captured, so the real window cannot be computed.
tcp-window = Window { $size } bytes: how much more this side can receive now.
tcp-retrans = Retransmission: this segment repeats data sent before. No ACK came in time, so the sender sent it again (usually a packet was lost).
tcp-fast-retrans = Fast retransmission: duplicate ACKs showed the receiver missed this data, so the sender repeated it without waiting for its timer.
tcp-spurious = Spurious retransmission: the receiver had already acknowledged this data; the copy was not needed (often an ACK was delayed or lost).
tcp-out-of-order = Out of order: this data belongs before data already seen; the network delivered the packets in a different order.
tcp-lost-segment = Previous segment not captured: data before this segment is missing from the capture (lost on the way, or missed by the capture).
tcp-ack-lost = ACKed unseen segment: this ACK covers data the capture never saw.
tcp-zero-window = Zero window: the receiver's buffer is full; the sender must pause until the window opens again.
tcp-zero-window-probe = Zero-window probe: the sender checks whether the receiver's window has opened.
tcp-window-full = Window full: the sender has filled the receiver's whole window and must wait for an ACK.
tcp-window-update = Window update: no new data, only a larger window, telling the sender it may go on.
tcp-keep-alive = Keep-alive: a probe on an idle connection that checks the other side is still there.
tcp-keep-alive-ack = Keep-alive ACK: the answer to a keep-alive probe; the connection is still alive.
tcp-reused-ports = Reused ports: a new connection uses the same addresses and ports as an earlier one.
tcp-dup-ack = Duplicate ACK number { $num } of #{ $frame }: the receiver still expects Seq { $ack }. It repeats this because later data arrived before the missing data (loss or reordering).

## Explain this packet: HTTP

http-reassembled = This message was split into { $count } TCP segments ({ $segments } bytes) and reassembled here: { $total } bytes.
http-request = HTTP request: { $method } { $uri } for the host { $host }.
http-request-no-host = HTTP request: { $method } { $uri }.
http-keep-alive = The connection is reused (HTTP keep-alive): the previous request on it is #{ $frame }.
http-pipelined = Several requests travel in this one segment, sent without waiting for the responses (HTTP pipelining).
http-response-in = Its response is in #{ $frame }.
http-response = HTTP response { $code } { $phrase } to the request in #{ $frame }, { $time } after it.
http-response-alone = HTTP response { $code } { $phrase }; no request in the capture is matched to it.
http-chunked = The body was sent in chunks (Transfer-Encoding: chunked) and is joined here.
http-encoded = Its body was compressed with { $encoding }: { $from } bytes on the wire became { $to } bytes.

## Explain this packet: anything else

frame-other = { $protocol }: { $info }


## The window

ui-explain-title = Explain
ui-explain-none = Select a packet to see what it does.

tour-syn = Handshake, step 1: the client's SYN
tour-syn-ack = Handshake, step 2: the server's SYN+ACK
tour-handshake-ack = Handshake, step 3: the client's ACK
tour-request = The HTTP request
tour-request-ack = The server acknowledges the request
tour-response = The HTTP response
tour-response-reassembled = The response, reassembled from several segments
tour-keep-alive = Keep-alive: the next request on the same connection
tour-fin-first = Teardown: the first FIN
tour-fin-second = Teardown: the other side's FIN
tour-last-ack = Teardown: the last ACK
ui-tour-step = Step { $at } of { $count }
ui-tour-back = ◀ Previous step
ui-tour-next = Next step ▶
ui-tour-end = End the tour
ui-tour-none = This capture has no TCP connection to walk through.

## The menus

menu-none = (none)
menu-about = About Fathom
menu-example-http = An HTTP page load (a guided walk-through)
menu-analyze = Analyze
menu-when-loaded = Available when the file has finished loading.
menu-capture = Capture
menu-close = Close  (Ctrl+W)
menu-coloring-rules = Coloring Rules…
menu-colorize = Colorize Packet List
menu-columns = Columns
menu-dark = Dark theme
menu-decode-as = Decode As…
menu-edit = Edit
menu-expert = Expert Information
menu-explain = Explain
menu-export-objects = Export Objects
menu-export-specified = Export Specified Packets…
menu-file = File
menu-find = Find Packet…
menu-flow-graph = Flow Graph (TCP)
menu-follow = Follow
menu-goto = Go to Packet…  (Ctrl+G)
menu-follow-http = HTTP Stream  (Ctrl+Alt+Shift+H)
menu-http = HTTP
menu-http-objects = HTTP…
menu-help = Help
menu-io-graph = I/O Graph
menu-ignore = Ignore/Unignore Packet
menu-shortcuts = Keyboard Shortcuts
menu-language = Language
menu-light = Light theme
menu-load-distribution = Load Distribution
menu-mark = Mark/Unmark Packet
menu-merge-hint = Merge another capture file with this one, in time order
menu-merge = Merge…
menu-name-resolution = Name Resolution
menu-next-mark = Next Mark
menu-open-example = Open Example
menu-open-recent = Open Recent
menu-open = Open…  (Ctrl+O)
menu-capture-options = Options…  (Ctrl+K)
menu-comment = Packet Comment…
menu-packet-counter = Packet Counter
menu-preferences = Preferences…
menu-prev-mark = Previous Mark
menu-quit = Quit  (Ctrl+Q)
menu-refresh-interfaces = Refresh Interfaces
menu-request-sequences = Request Sequences
menu-requests = Requests
menu-restart = Restart  (Ctrl+R)
menu-save = Save  (Ctrl+S)
menu-save-as = Save As…  (Ctrl+Shift+S)
menu-export-specified-hint = Save all, the displayed, the marked or a range of packets
menu-select-tcp-first = Select a TCP packet first.
menu-time-ref = Set/Unset Time Reference
menu-start = Start  (Ctrl+E)
menu-statistics = Statistics
menu-stop = Stop  (Ctrl+E)
menu-follow-tcp = TCP Stream  (Ctrl+Alt+Shift+T)
menu-tcp-graphs = TCP Stream Graphs
menu-time-format = Time Display Format
menu-unignore-all = Unignore All
menu-unmark-all = Unmark All Displayed
menu-unset-time-refs = Unset All Time References
menu-view = View
menu-waterfall = Waterfall
menu-hierarchy = Protocol Hierarchy
menu-conversations = Conversations
menu-endpoints = Endpoints

## The toolbar and the filter bar

tb-close-hint = Close this capture (Ctrl+W)
tb-close = Close
tb-colorize-hint = Colorize the packet list
tb-colorize = Colorize
tb-first-hint = First packet (Home)
tb-goto-hint = Go to packet (Ctrl+G)
tb-goto = Go to…
tb-follow-hint = Keep the newest packet in view
tb-last-hint = Last packet (End)
tb-last = Last ▶|
tb-next-hint = Next packet (↓)
tb-next = Next ▶
tb-open-hint = Open a capture file (Ctrl+O)
tb-open = Open
tb-prev-hint = Previous packet (↑)
tb-restart-hint = Restart the capture (Ctrl+R)
tb-capture-hint = Start capturing with the last options (Ctrl+E)
tb-stop-hint = Stop the capture (Ctrl+E)
tb-first = |◀ First
tb-follow = ↓ Follow
tb-stop = ■ Stop
tb-capture = ▶ Capture
tb-prev = ◀ Prev
tb-restart = ⟳ Restart
fb-none-yet = (none yet)
fb-placeholder = Apply a display filter … (Ctrl+/)
fb-apply = Apply
fb-clear-hint = Clear the filter
fb-filter = Filter:
fb-history = History

## The welcome screen

wl-error = ⚠ Fathom could not do that
wl-tagline = See what an HTTP request does on the wire.
wl-open = Open a capture file…
wl-demo = Open the demo capture (one HTTP exchange)
wl-tour = Walk through it step by step, explained
wl-drop = …or drop a .pcap / .pcapng file onto this window.
wl-recent = Recent files
wl-capture = Capture
wl-start = ▶ Start capturing
wl-start-hint = Tick an interface (and make the capture filter valid).
wl-options = Options…
wl-double-click = Double-click an interface to capture on it alone.


## The status bar

sb-ready = Ready to open a capture file
sb-loading = Packets: { $frames } · loading…
sb-capturing = ● Capturing
sb-capture-stopped = Capture stopped
sb-unsaved = unsaved
sb-cancel = Cancel
sb-load-time = Load time: { $secs } s
sb-load-cancelled = (loading cancelled)
sb-saving = Saving…
sb-filtering = Filtering { $percent }%
sb-filter-pending = The filter applies when loading finishes
sb-filter = Filter: { $filter }
sb-sorting = Sorting…
sb-expert = Expert: { $count } warnings
sb-expert-hint = Open Expert Information
sb-packets = Packets: { $packets } · Displayed: { $shown } ({ $percent }%)

## Field descriptions (tree tooltips); the id is the field with "-" for "."

field-frame-number = The packet's number in this capture, counting from 1.
field-frame-len = How many bytes the packet had on the wire.
field-frame-cap_len = How many bytes of the packet were saved in the file (may be fewer than on the wire).
field-frame-time_relative = Seconds since the first packet of the capture.
field-frame-time_delta = Seconds since the packet captured just before this one.
field-eth-src = The MAC address of the network card that sent the frame on this link.
field-eth-dst = The MAC address of the network card the frame is for on this link.
field-eth-type = Which protocol the frame carries (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP).
field-ip-src = The IPv4 address of the host that sent the packet.
field-ip-dst = The IPv4 address of the host the packet is for.
field-ip-ttl = Time to live: each router lowers it by one and drops the packet at zero, so packets cannot loop forever.
field-ip-proto = The protocol inside the IP packet (6 TCP, 17 UDP, 1 ICMP).
field-ip-len = The length of the IP packet, header and payload, in bytes.
field-ip-id = Identification: the number that joins the fragments of one IP packet.
field-ip-flags-df = Don't fragment: routers must drop the packet rather than split it.
field-ipv6-src = The IPv6 address of the host that sent the packet.
field-ipv6-dst = The IPv6 address of the host the packet is for.
field-ipv6-hlim = Hop limit: IPv6's time to live, lowered by one at each router.
field-tcp-srcport = The port of the program that sent the segment.
field-tcp-dstport = The port of the program the segment is for (80 is HTTP).
field-tcp-stream = Fathom's index of the TCP connection (as Wireshark's): every segment of one connection has the same one.
field-tcp-len = How many bytes of data the segment carries (the TCP payload).
field-tcp-seq = The sequence number of the segment's first data byte, counted from 0 at the SYN (relative).
field-tcp-seq_raw = The sequence number as sent: a random start plus the bytes sent so far.
field-tcp-nxtseq = The sequence number the sender's next segment should have: Seq + Len (a SYN or FIN counts one).
field-tcp-ack = The next sequence number the sender expects from the other side: everything before it has arrived.
field-tcp-ack_raw = The acknowledgment number as sent, before Fathom made it relative.
field-tcp-hdr_len = The length of the TCP header with its options, in bytes.
field-tcp-flags = The control bits of the segment: SYN, ACK, PSH, FIN, RST and others.
field-tcp-flags-syn = SYN: opens a connection and sets the starting sequence number.
field-tcp-flags-ack = ACK: the acknowledgment number is valid (set on every segment after the first SYN).
field-tcp-flags-push = PSH: hand the data to the application now, without waiting for more.
field-tcp-flags-fin = FIN: the sender has no more data; this side of the connection closes.
field-tcp-flags-reset = RST: abort the connection at once.
field-tcp-window_size_value = The window field as sent, before scaling.
field-tcp-window_size = The calculated window: window field × scale factor, the bytes the sender can still receive.
field-tcp-window_size_scalefactor = The multiplier agreed in the handshake's window-scale option (-1: unknown, -2: no scaling).
field-tcp-checksum = A check over the TCP segment; not verified by default (network cards often fill it in late).
field-tcp-options-mss_val = Maximum segment size: the largest payload the sender wants in one segment.
field-tcp-options-wscale-shift = Window scale shift: later windows from this side are multiplied by 2 to this power.
field-tcp-options-wscale-multiplier = Window scale multiplier: 2 to the power of the shift.
field-tcp-options-sack_perm = SACK permitted: the sender can handle selective acknowledgements.
field-tcp-options-timestamp-tsval = Timestamp value: the sender's clock when it sent the segment.
field-tcp-options-timestamp-tsecr = Timestamp echo reply: the other side's latest timestamp, sent back to measure round-trip time.
field-tcp-analysis-acks_frame = The frame whose data this ACK confirms.
field-tcp-analysis-ack_rtt = Round-trip time: how long after that frame this ACK came.
field-tcp-analysis-initial_rtt = The round-trip time of the handshake (SYN to the final ACK).
field-tcp-analysis-bytes_in_flight = Bytes sent but not yet acknowledged when this segment left.
field-tcp-analysis-push_bytes_sent = Bytes sent since the last segment with the PSH flag.
field-tcp-analysis-retransmission = This segment repeats data sent before.
field-tcp-analysis-duplicate_ack = The same ACK again: the receiver is still missing data.
field-tcp-analysis-zero_window = The receiver's window is 0: it cannot take more data now.
field-tcp-time_relative = Seconds since the first segment of this TCP connection.
field-tcp-time_delta = Seconds since the previous segment of this TCP connection.
field-tcp-reassembled_in = The frame where the message these bytes belong to is put back together.
field-tcp-segment = A frame that carried part of this reassembled message.
field-tcp-segment-count = How many segments this message was split into.
field-tcp-reassembled-length = The length of the reassembled message in bytes.
field-tcp-payload = The data bytes the segment carries.
field-tcp-completeness = Which steps of a connection's life were seen (SYN, SYN-ACK, ACK, data, FIN, RST), as bits.
field-http-request-method = What the client asks the server to do (GET reads, POST sends data).
field-http-request-uri = The path of the resource the client asks for.
field-http-request-version = The HTTP version the client speaks.
field-http-request-full_uri = The whole URL: the Host header and the request URI together.
field-http-host = Which site the client asks (one server can host many).
field-http-user_agent = The program that made the request (browser, curl…).
field-http-response-code = The status code: 2xx success, 3xx redirect, 4xx client error, 5xx server error.
field-http-response-phrase = The status code's words, for people.
field-http-content_type = What kind of data the body is (text/html, image/gif…).
field-http-content_length = The length of the body in bytes, as sent.
field-http-content_encoding = How the body was compressed (gzip, br…); Fathom decompresses it.
field-http-transfer_encoding = How the body is framed: chunked means pieces each preceded by its size.
field-http-connection = keep-alive keeps the TCP connection open for more requests; close ends it after this one.
field-http-time = Seconds from the request to this response.
field-http-request_in = The frame with the request this response answers.
field-http-response_in = The frame with the response to this request.
field-http-prev_request_in = The previous request on the same TCP connection (keep-alive).
field-http-file_data = The body after de-chunking and decompression: what the browser gets.
field-http-chunk_size = The size of one chunk of a chunked body.
