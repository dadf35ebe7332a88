# Fathom の日本語メッセージ。フィールド名（tcp.seq）とフィルタ構文は Wireshark のまま訳さない。
# `#{ $frame }` はウィンドウではそのフレームへのリンクになる。

## パケットの説明：TCP

tcp-syn = { $src }:{ $sport } が SYN を送り、{ $dst }:{ $dport } に接続の確立を求めています（3ウェイハンドシェイクの1段目）。
tcp-syn-ack = { $src }:{ $sport } からの SYN+ACK：サーバーが接続を受け入れ、#{ $frame } の SYN を確認応答しています（ハンドシェイクの2段目）。
tcp-opt-mss = 最大セグメントサイズ（MSS）として { $mss } バイトを提示しています。1つのセグメントで受け取りたいペイロードの最大値です。
tcp-opt-wscale = シフト数 { $shift } のウィンドウスケールを提示しています。ウィンドウフィールドの値を { $mult } 倍して読みます。
tcp-opt-sack = 選択的確認応答（SACK）を許可しています。受信側はどのブロックが届いたかを正確に伝えられます。
tcp-state-syn-sent = クライアントは SYN_SENT 状態になり、SYN+ACK を待っています。
tcp-state-syn-received = サーバーは SYN_RECEIVED 状態になり、最後の ACK を待っています。
tcp-handshake-done = この ACK で3ウェイハンドシェイクが完了し、両者とも ESTABLISHED 状態になりました。
tcp-rst = { $src }:{ $sport } からの RST：接続はただちに中断され、どちらの側もこの接続ではもう送信できません。
tcp-rst-why = よくある原因：そのポートで待ち受けているプログラムがない、アプリケーションが未読データを残したまま閉じた、ファイアウォールや中継機器が接続を打ち切った、など。
tcp-fin-first = { $src }:{ $sport } からの FIN：こちら側には送るデータがもうなく、接続の切断を始めます（FIN_WAIT_1）。
tcp-fin-merged = { $src }:{ $sport } からの FIN+ACK：自分の側を閉じると同時に、#{ $frame } の相手の FIN を確認応答しています。そのため、この切断は4つではなく3つのセグメントで済みます。
tcp-fin-second = { $src }:{ $sport } からの FIN：先に相手が閉じたので、こちら側も閉じます（LAST_ACK）。
tcp-fin-acked-time-wait = 両方の FIN が確認応答されました。こちら側が先に閉じたので、接続が完全に破棄されるまで TIME_WAIT で待ちます。
tcp-fin-acked-close-wait = 相手は送信を終えました（こちら側は CLOSE_WAIT）。こちら側は自分の FIN を送るまでまだ送信できます。
tcp-data = Seq { $seq } から始まる { $len } バイトのデータを運んでいます。こちら側の次のセグメントは Seq { $next }（{ $seq } + { $len }）から始まるはずです。
tcp-segment-of = このバイト列は #{ $frame } で再構築されるメッセージの一部です。
tcp-acks-data = ACK { $ack } は #{ $frame } の { $len } バイトのセグメントを確認応答しています（Seq { $seq } + { $len } = { $ack }）。送信から { $rtt } 後です。
tcp-acks-syn = ACK { $ack } は #{ $frame } の SYN を確認応答しています。SYN は1バイトとして数えます（Seq { $seq } + 1 = { $ack }）。送信から { $rtt } 後です。
tcp-acks-fin = ACK { $ack } は #{ $frame } の FIN を確認応答しています。FIN は1バイトとして数えます（Seq { $seq } + 1 = { $ack }）。送信から { $rtt } 後です。
tcp-window-scaled = ウィンドウ { $value } × スケール { $factor } = { $size } バイト：こちら側が今あと受け取れる量です。
tcp-window-unknown = ウィンドウ { $value }：ハンドシェイクがキャプチャされていないためスケール係数が不明で、実際のウィンドウは計算できません。
tcp-window = ウィンドウ { $size } バイト：こちら側が今あと受け取れる量です。
tcp-retrans = 再送：このセグメントは以前に送ったデータの繰り返しです。時間内に ACK が来なかったため、送信側がもう一度送りました（たいていはパケットロス）。
tcp-fast-retrans = 高速再送：重複 ACK によって受信側がこのデータを受け取っていないと分かり、送信側がタイマーを待たずに再送しました。
tcp-spurious = 不要な再送：受信側はこのデータをすでに確認応答しており、この再送は必要ありませんでした（ACK の遅れや消失がよくある原因です）。
tcp-out-of-order = 順序の入れ替わり：このデータはすでに見たデータより前に来るべきものです。ネットワークがパケットを別の順序で届けました。
tcp-lost-segment = 前のセグメントがキャプチャされていません：このセグメントより前のデータがキャプチャにありません（途中で失われたか、キャプチャが取りこぼしました）。
tcp-ack-lost = 未観測セグメントへの ACK：この ACK はキャプチャに現れなかったデータを確認応答しています。
tcp-zero-window = ゼロウィンドウ：受信側のバッファがいっぱいです。ウィンドウが再び開くまで送信側は止まらなければなりません。
tcp-zero-window-probe = ゼロウィンドウプローブ：受信側のウィンドウが開いたかどうかを送信側が確かめています。
tcp-window-full = ウィンドウフル：送信側が受信側のウィンドウを使い切ったので、ACK を待たなければなりません。
tcp-window-update = ウィンドウ更新：新しいデータはなく、ウィンドウが大きくなったことだけを伝え、送信を続けてよいと知らせています。
tcp-keep-alive = キープアライブ：アイドル状態の接続で、相手がまだいるかを確かめるプローブです。
tcp-keep-alive-ack = キープアライブ ACK：キープアライブへの応答で、接続はまだ生きています。
tcp-reused-ports = ポートの再利用：新しい接続が以前の接続と同じアドレスとポートを使っています。
tcp-dup-ack = #{ $frame } に対する { $num } 回目の重複 ACK です。受信側はまだ Seq { $ack } を待っています。後のデータが欠けたデータより先に届いたため、同じ ACK を繰り返しています（ロスまたは順序の入れ替わり）。

## パケットの説明：HTTP

http-reassembled = このメッセージは { $count } 個の TCP セグメント（{ $segments } バイト）に分かれて届き、ここで再構築されました：合計 { $total } バイト。
http-request = HTTP リクエスト：ホスト { $host } への { $method } { $uri }。
http-request-no-host = HTTP リクエスト：{ $method } { $uri }。
http-keep-alive = この接続は再利用されています（HTTP キープアライブ）。この接続での前のリクエストは #{ $frame } です。
http-pipelined = この1つのセグメントに複数のリクエストが入っています。レスポンスを待たずに続けて送られました（HTTP パイプライン）。
http-response-in = このリクエストへのレスポンスは #{ $frame } にあります。
http-response = #{ $frame } のリクエストへの HTTP レスポンス { $code } { $phrase }。リクエストから { $time } 後です。
http-response-alone = HTTP レスポンス { $code } { $phrase }。キャプチャ内に対応づけられたリクエストはありません。
http-chunked = ボディはチャンク形式（Transfer-Encoding: chunked）で送られ、ここで結合されています。
http-encoded = ボディは { $encoding } で圧縮されていました：回線上の { $from } バイトが展開後 { $to } バイトになりました。

## パケットの説明：その他

frame-other = { $protocol }：{ $info }


## ウィンドウ

ui-explain-title = 説明
ui-explain-none = パケットを選択すると、その働きを説明します。
