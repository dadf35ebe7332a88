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
