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

tour-syn = ハンドシェイク 1 段目：クライアントの SYN
tour-syn-ack = ハンドシェイク 2 段目：サーバーの SYN+ACK
tour-handshake-ack = ハンドシェイク 3 段目：クライアントの ACK
tour-request = HTTP リクエスト
tour-request-ack = サーバーがリクエストを確認応答する
tour-response = HTTP レスポンス
tour-response-reassembled = 複数のセグメントから再構築されたレスポンス
tour-keep-alive = キープアライブ：同じ接続での次のリクエスト
tour-fin-first = 切断：最初の FIN
tour-fin-second = 切断：相手側の FIN
tour-last-ack = 切断：最後の ACK
ui-tour-step = ステップ { $at } / { $count }
ui-tour-back = ◀ 戻る
ui-tour-next = 次へ ▶
ui-tour-end = ツアーを終える
ui-tour-none = このキャプチャには順に説明できる TCP 接続がありません。

## メニュー

menu-none = （なし）
menu-about = Fathom について
menu-example-http = HTTP ページの読み込み（ガイド付きツアー）
menu-analyze = 分析
menu-when-loaded = ファイルの読み込みが終わると使えます。
menu-capture = キャプチャ
menu-close = 閉じる  (Ctrl+W)
menu-coloring-rules = 色付けルール…
menu-colorize = パケット一覧に色を付ける
menu-columns = 列
menu-dark = ダークテーマ
menu-decode-as = デコード方法…
menu-edit = 編集
menu-expert = エキスパート情報
menu-explain = 説明
menu-export-objects = オブジェクトをエクスポート
menu-export-specified = 指定したパケットをエクスポート…
menu-file = ファイル
menu-find = パケットを検索…
menu-flow-graph = フローグラフ（TCP）
menu-follow = ストリームを追跡
menu-goto = パケットへ移動…  (Ctrl+G)
menu-follow-http = HTTP ストリーム  (Ctrl+Alt+Shift+H)
menu-http = HTTP
menu-http-objects = HTTP…
menu-help = ヘルプ
menu-io-graph = I/O グラフ
menu-ignore = パケットを無視/無視を解除
menu-shortcuts = キーボードショートカット
menu-language = 言語
menu-light = ライトテーマ
menu-load-distribution = 負荷分散
menu-mark = パケットをマーク/マーク解除
menu-merge-hint = 別のキャプチャファイルを時刻順にこのファイルとマージします
menu-merge = マージ…
menu-name-resolution = 名前解決
menu-next-mark = 次のマーク
menu-open-example = サンプルを開く
menu-open-recent = 最近使ったファイル
menu-open = 開く…  (Ctrl+O)
menu-capture-options = オプション…  (Ctrl+K)
menu-comment = パケットコメント…
menu-packet-counter = パケットカウンター
menu-preferences = 設定…
menu-prev-mark = 前のマーク
menu-quit = 終了  (Ctrl+Q)
menu-refresh-interfaces = インターフェースを更新
menu-request-sequences = リクエストの連なり
menu-requests = リクエスト
menu-restart = 再開始  (Ctrl+R)
menu-save = 保存  (Ctrl+S)
menu-save-as = 名前を付けて保存…  (Ctrl+Shift+S)
menu-export-specified-hint = すべて、表示中、マーク済み、または範囲指定のパケットを保存します
menu-select-tcp-first = 先に TCP パケットを選択してください。
menu-time-ref = 時間参照を設定/解除
menu-start = 開始  (Ctrl+E)
menu-statistics = 統計
menu-stop = 停止  (Ctrl+E)
menu-follow-tcp = TCP ストリーム  (Ctrl+Alt+Shift+T)
menu-tcp-graphs = TCP ストリームグラフ
menu-time-format = 時刻の表示形式
menu-unignore-all = すべての無視を解除
menu-unmark-all = 表示中のマークをすべて解除
menu-unset-time-refs = すべての時間参照を解除
menu-view = 表示
menu-waterfall = ウォーターフォール
menu-hierarchy = プロトコル階層
menu-conversations = 対話
menu-endpoints = エンドポイント

## ツールバーとフィルタバー

tb-close-hint = このキャプチャを閉じる (Ctrl+W)
tb-close = 閉じる
tb-colorize-hint = パケット一覧に色を付ける
tb-colorize = 色付け
tb-first-hint = 最初のパケット (Home)
tb-goto-hint = パケットへ移動 (Ctrl+G)
tb-goto = 移動…
tb-follow-hint = 最新のパケットを表示し続ける
tb-last-hint = 最後のパケット (End)
tb-last = 最後 ▶|
tb-next-hint = 次のパケット (↓)
tb-next = 次 ▶
tb-open-hint = キャプチャファイルを開く (Ctrl+O)
tb-open = 開く
tb-prev-hint = 前のパケット (↑)
tb-restart-hint = キャプチャを再開始 (Ctrl+R)
tb-capture-hint = 前回のオプションでキャプチャを開始 (Ctrl+E)
tb-stop-hint = キャプチャを停止 (Ctrl+E)
tb-first = |◀ 最初
tb-follow = ↓ 追従
tb-stop = ■ 停止
tb-capture = ▶ キャプチャ
tb-prev = ◀ 前
tb-restart = ⟳ 再開始
fb-none-yet = （まだありません）
fb-placeholder = 表示フィルタを適用 … (Ctrl+/)
fb-apply = 適用
fb-clear-hint = フィルタを消去
fb-filter = フィルタ：
fb-history = 履歴

## ようこそ画面

wl-error = ⚠ Fathom はそれを実行できませんでした
wl-tagline = HTTP リクエストが回線上で何をしているかを見てみよう。
wl-open = キャプチャファイルを開く…
wl-demo = デモのキャプチャを開く（HTTP のやり取り 1 回）
wl-tour = 解説付きで一歩ずつたどる
wl-drop = …または .pcap / .pcapng ファイルをこのウィンドウにドロップ。
wl-recent = 最近のファイル
wl-capture = キャプチャ
wl-start = ▶ キャプチャ開始
wl-start-hint = インターフェースにチェックを入れてください（キャプチャフィルタも正しく）。
wl-options = オプション…
wl-double-click = インターフェースをダブルクリックすると、そこだけでキャプチャします。


## ステータスバー

sb-ready = キャプチャファイルを開けます
sb-loading = パケット：{ $frames } · 読み込み中…
sb-capturing = ● キャプチャ中
sb-capture-stopped = キャプチャ停止
sb-unsaved = 未保存
sb-cancel = キャンセル
sb-load-time = 読み込み時間：{ $secs } 秒
sb-load-cancelled = （読み込みを中止しました）
sb-saving = 保存中…
sb-filtering = フィルタ適用中 { $percent }%
sb-filter-pending = 読み込みが終わるとフィルタを適用します
sb-filter = フィルタ：{ $filter }
sb-sorting = 並べ替え中…
sb-expert = エキスパート：警告 { $count } 件
sb-expert-hint = エキスパート情報を開く
sb-packets = パケット：{ $packets } · 表示：{ $shown }（{ $percent }%）

## フィールドの説明（ツリーのツールチップ）。id はフィールド名の「.」を「-」にしたもの

field-frame-number = このキャプチャでのパケット番号（1 から数える）。
field-frame-len = 回線上でのパケットのバイト数。
field-frame-cap_len = ファイルに保存されたバイト数（回線上より少ないことがある）。
field-frame-time_relative = キャプチャの最初のパケットからの秒数。
field-frame-time_delta = 直前にキャプチャされたパケットからの秒数。
field-eth-src = このリンク上でフレームを送ったネットワークカードの MAC アドレス。
field-eth-dst = このリンク上でフレームの宛先となるネットワークカードの MAC アドレス。
field-eth-type = フレームが運ぶプロトコル（0x0800 は IPv4、0x86dd は IPv6、0x0806 は ARP）。
field-ip-src = パケットを送ったホストの IPv4 アドレス。
field-ip-dst = パケットの宛先ホストの IPv4 アドレス。
field-ip-ttl = 生存時間：ルーターを通るたびに 1 減り、0 になると破棄される。パケットが永遠に回り続けないためのもの。
field-ip-proto = IP パケットの中のプロトコル（6 は TCP、17 は UDP、1 は ICMP）。
field-ip-len = IP パケット全体（ヘッダーとペイロード）の長さ（バイト）。
field-ip-id = 識別子：1 つの IP パケットの断片をまとめるための番号。
field-ip-flags-df = フラグメント禁止：ルーターは分割せずに破棄しなければならない。
field-ipv6-src = パケットを送ったホストの IPv6 アドレス。
field-ipv6-dst = パケットの宛先ホストの IPv6 アドレス。
field-ipv6-hlim = ホップ制限：IPv6 の生存時間。ルーターごとに 1 減る。
field-tcp-srcport = セグメントを送ったプログラムのポート。
field-tcp-dstport = セグメントの宛先プログラムのポート（80 は HTTP）。
field-tcp-stream = TCP 接続の番号（Wireshark と同じ）：1 つの接続のセグメントはすべて同じ番号。
field-tcp-len = セグメントが運ぶデータのバイト数（TCP ペイロード）。
field-tcp-seq = セグメントの最初のデータバイトのシーケンス番号。SYN を 0 として数える（相対値）。
field-tcp-seq_raw = 実際に送られたシーケンス番号：ランダムな初期値に送信済みバイト数を足したもの。
field-tcp-nxtseq = 送信側の次のセグメントが持つはずのシーケンス番号：Seq + Len（SYN と FIN は 1 と数える）。
field-tcp-ack = 送信側が相手から次に受け取りたいシーケンス番号。それより前はすべて届いている。
field-tcp-ack_raw = 実際に送られた確認応答番号（相対値に換算する前）。
field-tcp-hdr_len = オプションを含む TCP ヘッダーの長さ（バイト）。
field-tcp-flags = セグメントの制御ビット：SYN、ACK、PSH、FIN、RST など。
field-tcp-flags-syn = SYN：接続を開き、最初のシーケンス番号を決める。
field-tcp-flags-ack = ACK：確認応答番号が有効（最初の SYN 以降のすべてのセグメントで立つ）。
field-tcp-flags-push = PSH：データを待たずにすぐアプリケーションへ渡す。
field-tcp-flags-fin = FIN：送信側にもうデータがなく、こちら側の接続を閉じる。
field-tcp-flags-reset = RST：接続をただちに中断する。
field-tcp-window_size_value = 実際に送られたウィンドウフィールドの値（スケール前）。
field-tcp-window_size = 計算したウィンドウ：ウィンドウフィールド × スケール係数。送信側がまだ受け取れるバイト数。
field-tcp-window_size_scalefactor = ハンドシェイクのウィンドウスケールオプションで決まった倍率（-1 は不明、-2 はスケールなし）。
field-tcp-checksum = TCP セグメントのチェックサム。既定では検証しない（ネットワークカードが後から埋めることが多い）。
field-tcp-options-mss_val = 最大セグメントサイズ：送信側が 1 つのセグメントで受け取りたい最大ペイロード。
field-tcp-options-wscale-shift = ウィンドウスケールのシフト数：以後この側のウィンドウは 2 のこの乗数倍になる。
field-tcp-options-wscale-multiplier = ウィンドウスケールの倍率：2 のシフト数乗。
field-tcp-options-sack_perm = SACK 許可：送信側は選択的確認応答を扱える。
field-tcp-options-timestamp-tsval = タイムスタンプ値：送信側がセグメントを送ったときの時計。
field-tcp-options-timestamp-tsecr = タイムスタンプエコー：相手の最新のタイムスタンプを返し、往復時間を測る。
field-tcp-analysis-acks_frame = この ACK が確認応答しているデータのフレーム。
field-tcp-analysis-ack_rtt = 往復時間：そのフレームから何秒後にこの ACK が来たか。
field-tcp-analysis-initial_rtt = ハンドシェイクの往復時間（SYN から最後の ACK まで）。
field-tcp-analysis-bytes_in_flight = このセグメントを送った時点で、送信済みでまだ確認応答されていないバイト数。
field-tcp-analysis-push_bytes_sent = 最後の PSH 付きセグメント以降に送ったバイト数。
field-tcp-analysis-retransmission = このセグメントは以前に送ったデータを繰り返している。
field-tcp-analysis-duplicate_ack = 同じ ACK の繰り返し：受信側にまだデータが欠けている。
field-tcp-analysis-zero_window = 受信側のウィンドウが 0：今はこれ以上受け取れない。
field-tcp-time_relative = この TCP 接続の最初のセグメントからの秒数。
field-tcp-time_delta = この TCP 接続の前のセグメントからの秒数。
field-tcp-reassembled_in = このバイト列が属するメッセージが再構築されるフレーム。
field-tcp-segment = この再構築メッセージの一部を運んだフレーム。
field-tcp-segment-count = このメッセージがいくつのセグメントに分かれていたか。
field-tcp-reassembled-length = 再構築したメッセージの長さ（バイト）。
field-tcp-payload = セグメントが運ぶデータのバイト列。
field-tcp-completeness = 接続のどの段階（SYN、SYN-ACK、ACK、データ、FIN、RST）が見えたかをビットで表す。
field-http-request-method = クライアントがサーバーに求める操作（GET は取得、POST はデータ送信）。
field-http-request-uri = クライアントが求めるリソースのパス。
field-http-request-version = クライアントが話す HTTP のバージョン。
field-http-request-full_uri = 完全な URL：Host ヘッダーとリクエスト URI を合わせたもの。
field-http-host = クライアントが求めるサイト（1 台のサーバーが複数のサイトを持てる）。
field-http-user_agent = リクエストを出したプログラム（ブラウザ、curl など）。
field-http-response-code = ステータスコード：2xx 成功、3xx リダイレクト、4xx クライアントエラー、5xx サーバーエラー。
field-http-response-phrase = ステータスコードの説明文（人が読むためのもの）。
field-http-content_type = ボディのデータの種類（text/html、image/gif など）。
field-http-content_length = 送られたボディの長さ（バイト）。
field-http-content_encoding = ボディの圧縮方式（gzip、br など）。Fathom が展開する。
field-http-transfer_encoding = ボディの区切り方：chunked は各断片の前にサイズが付く。
field-http-connection = keep-alive は TCP 接続を保って次のリクエストに使う。close はこの後で閉じる。
field-http-time = リクエストからこのレスポンスまでの秒数。
field-http-request_in = このレスポンスが答えるリクエストのフレーム。
field-http-response_in = このリクエストへのレスポンスのフレーム。
field-http-prev_request_in = 同じ TCP 接続での前のリクエスト（キープアライブ）。
field-http-file_data = チャンク解除と展開の後のボディ：ブラウザが受け取る内容。
field-http-chunk_size = チャンク形式のボディの 1 つのチャンクの大きさ。
