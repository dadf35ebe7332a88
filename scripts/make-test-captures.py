#!/usr/bin/env python3
"""Writes the hand-made golden captures in tests/captures (each a corner of tshark's TCP
behaviour), to be answered by tshark:  python3 scripts/make-test-captures.py tests/captures
then, for each NAME.pcap, `tshark -2 -r NAME.pcap -T fields -E header=y -e ...` over
tests/captures/fields.txt into NAME.pcap.tshark.tsv and `tshark -2 -q -z follow,...,0` into
NAME.pcap.follow-*-0.txt (see README, Tests).

fast-retrans.pcap    a fast retransmission dissected again, one inside an assembled PDU
synack-new-isn.pcap  SYN/ACKs with new initial sequence numbers in one stream; RST with ACK number
sflow.pcap           an sFlow datagram sampling TCP and UDP headers
ooo-extend.pcap      two out-of-order segments starting at the same place (Follow)
icmp-quoted.pcap     traceroute probes (UDP ports 33435-33464, hop and attempt) and the
                     datagrams ICMP and ICMPv6 errors quote: UDP data and DNS at the top,
                     a quoted echo neither checked nor paired
ip-options.pcap      IPv4 options: Router Alert, NOP and EOL, Record Route, Time Stamp in two
                     forms, Stream ID, Security, an unknown type, lengths that do not fit
pdu-size.pcap        DNS over TCP, one and two messages to a segment: each whole message is a
                     TCP "[PDU Size]"
tcp-options.pcap     TCP options after End of Option List: zeros read as more EOLs, other
                     bytes "Non-zero header padding"
fin-retrans.pcap     a FIN sent again by the side that closed first: it too "initiates the
                     connection closing"; the other side's FIN "undergoes" it
ssdp.pcap            HTTP over UDP: M-SEARCH and NOTIFY numbered per UDP conversation,
                     a unicast answer in a conversation of its own
x11.pcap             X11 from mid-connection: the first reply sets the sequence number,
                     requests named, replies matched, a request cut by the snapshot length,
                     a segment of zeros (bogus length)
mysql-tls.pcap       a MySQL client's SSL request: both directions are TLS from then on
sslv2.pcap           an SSL 2.0 compatible Client Hello opening a TLS 1.2 connection
tls-cert.pcap        a TLS 1.2 Certificate message carrying an EC certificate with extensions
                     (tests/captures/cert-ec.der.hex, made with openssl): the X.509 layers
                     of frame.protocols, a Certificate Request naming one authority
http-heuristic.pcap  HTTP on a port HTTP is not registered on (9090): a request line split over
                     segments is data until a segment holds a whole line ending in HTTP/1.x;
                     on port 80, bytes that start no message show nothing above TCP
http-browse.pcap     a browsing session over two minutes for the statistics (-z io,stat,
                     -z http,tree and friends): keep-alive requests with Referer headers, a
                     redirect with a relative Location, a 404, a request on a second
                     connection, a time step backwards
icmp.pcap            pings: Linux's 64-bit timestamp in the data, a 32-bit big-endian one, a
                     reply whose checksum is wrong (not paired), data that is no timestamp,
                     timestamps a day away and in the future, a capture cut short, and a
                     microsecond count too large to be one
multipart.pcap       MIME multipart bodies on one keep-alive connection: a form upload with a
                     preamble, an untyped part, typed parts (text, HTML, a PNG that is not
                     one), headers tshark files and one it does not, an epilogue; a
                     multipart/related holding a nested multipart/mixed and JSON; a 206
                     multipart/byteranges answer; a multipart/form-data without a boundary
ipv6-ext.pcap        IPv6 option and routing headers: options of every kind (unknown ones with
                     their action bits), jumbo, a source route, type 2 and segment routing, an
                     unknown routing type, a hop-by-hop header out of place, an option longer
                     than its header, a zero UDP checksum (illegal over IPv6)
icmpv6-nd.pcap       Neighbor Discovery and MLD: a Router Solicitation, Router Advertisements
                     with every common option (MTU, prefix, RDNSS, DNSSL, route information,
                     an unknown one), MLDv1 query/report/done, an MLDv2 query and report
dns.pcap             DNS as tshark reads it: queries and answers of the common record types
                     (A, AAAA, CNAME, NS, MX, TXT, SOA, PTR, SRV, an unknown type), EDNS with a
                     client subnet, flag variants and error codes, queries paired with their
                     answers, a retransmitted query and answer, an unanswered query, an
                     unsolicited answer, an unknown opcode, a header cut short, mDNS
dnssec.pcap          DNSSEC records: RRSIG with every signing algorithm, DNSKEY flags and key
                     ids, DS with each digest type, NSEC and NSEC3 type bit maps, NSEC3PARAM
l2tp.pcap            TCP inside L2TP: every datagram of the tunnel counts in its UDP
                     conversation's timestamps (l2tp.pcap.udp-times.tsv: tshark's)
ip-fragments.pcap    IPv4 and IPv6 datagrams in fragments as Wireshark reassembles them: out of
                     order, a duplicate, a fragment inside another, an overlap with other
                     bytes, one past the end, a second tail, one after its datagram was done;
                     UDP lengths shorter than the header and longer than the datagram
spurious.pcap        data the peer already acknowledged, resent soon after (within the
                     initial RTT): spurious before out-of-order and fast retransmission, as
                     tshark; a segment starting one byte before the next expected one
"""
import sys
OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
import struct
def csum(b):
    if len(b)%2: b+=b'\0'
    s=sum(struct.unpack('!%dH'%(len(b)//2),b)); 
    while s>>16: s=(s&0xffff)+(s>>16)
    return (~s)&0xffff
def pkt(src,dst,sp,dp,seq,ack,flags,payload=b'',win=65535):
    F={'F':1,'S':2,'R':4,'P':8,'A':16}
    fl=sum(F[c] for c in flags)
    tcp=struct.pack('!HHIIBBHHH',sp,dp,seq&0xffffffff,ack&0xffffffff,5<<4,fl,win,0,0)+payload
    ph=bytes(src)+bytes(dst)+struct.pack('!BBH',0,6,len(tcp))
    c=csum(ph+tcp); tcp=tcp[:16]+struct.pack('!H',c)+tcp[18:]
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(tcp),1,0,64,6,0,bytes(src),bytes(dst))
    ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]
    eth=b'\x00\x01\x02\x03\x04\x05'+b'\x00\x01\x02\x03\x04\x06'+b'\x08\x00'
    return eth+ip+tcp
C=[10,0,0,1];S=[10,0,0,2]
def write(fn,pkts,us=None):
    # one packet a millisecond, or at the given microseconds
    us = us or [i*1000 for i in range(len(pkts))]
    with open(fn,'wb') as f:
        f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
        for t,p in zip(us,pkts):
            f.write(struct.pack("<IIII",1000+t//1000000,t%1000000,len(p),len(p))); f.write(p)
SP=80
c=lambda *a,**k: pkt(C,S,1234,SP,*a,**k)
s=lambda *a,**k: pkt(S,C,SP,1234,*a,**k)

get=b'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'
resp=b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'
post_h=b'POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n'
post_b=b'0123456789'
a=1001+len(get); b=9001+len(resp)
write(OUT+'/fast-retrans.pcap',[
 c(1000,0,'S'), s(9000,1001,'SA'), c(1001,9001,'A'),
 c(1001,9001,'PA',get), s(9001,a,'A'), s(9001,a,'PA',resp),
 c(a,9001,'A'), c(a,9001,'A'), c(a,9001,'A'),
 s(9001,a,'PA',resp),
 c(a,b,'A'),
 c(a,b,'PA',post_h), c(a+len(post_h),b,'PA',post_b),
 s(b,a+len(post_h),'A'), s(b,a+len(post_h),'A'), s(b,a+len(post_h),'A'),
 c(a+len(post_h),b,'PA',post_b),
 s(b,a+len(post_h)+10,'PA',resp),
 c(a+len(post_h)+10,b+len(resp),'FA'), s(b+len(resp),a+len(post_h)+11,'FA'), c(a+len(post_h)+11,b+len(resp)+1,'A'),
])

write(OUT+'/synack-new-isn.pcap',[
 c(1000,0,'S'), s(50000,31001,'A'), c(31001,777,'R',win=0),
 c(1000,0,'S'), s(9000,1001,'SA'), c(1001,9001,'A'), c(1001,9001,'PA',b'GET / HTTP/1.1\r\n\r\n'), s(9001,1019,'A'), c(1019,9001,'FA'),
 s(70000,1000,'SA'), c(1019,70001,'PA',b'GET / HTTP/1.1\r\n\r\n'), s(70001, 1037, 'A')])

import struct
def udp(src,dst,sp,dp,payload):
    u=struct.pack('!HHHH',sp,dp,8+len(payload),0)+payload
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(u),7,0,64,17,0,bytes(src),bytes(dst))
    ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]
    return b'\x00\x01\x02\x03\x04\x05'+b'\x00\x01\x02\x03\x04\x07'+b'\x08\x00'+ip+u
def sample(hdr, seq):
    pad=hdr+b'\0'*((4-len(hdr)%4)%4)
    rec=struct.pack('!IIII',1,len(hdr)+4,4,len(hdr))+pad
    recs=struct.pack('!II',1,len(rec))+rec
    body=struct.pack('!IIIIIIII',seq,5,100,1000,0,5,6,1)+recs
    return struct.pack('!II',1,len(body))+body
other=pkt([192,168,1,9],[192,168,1,10],5555,443,777,888,'PA',b'x'*10)
udpin=udp([192,168,1,9],[192,168,1,11],53000,53,b'\x12\x34'+b'\0'*10)
inner=s(9001,1019,'A')
samples=[sample(inner[:60],1),sample(other[:54],2),sample(udpin[:42],3)]
dg=struct.pack('!II4sIIII',5,1,bytes([10,9,9,9]),0,42,123456,len(samples))+b''.join(samples)
write(OUT+'/sflow.pcap',[
 c(1000,0,'S'), s(9000,1001,'SA'), c(1001,9001,'A'), c(1001,9001,'PA',b'GET / HTTP/1.1\r\n\r\n'), s(9001,1019,'A'),
 udp([10,9,9,9],[10,9,9,1],40000,6343,dg),
 c(1019,9001,'FA'), s(9001,1020,'FA'), c(1020,9002,'A')])

SP=9876
write(OUT+'/ooo-extend.pcap',[
 c(1000,0,'S'), s(9000,1001,'SA'), c(1001,9001,'A'),
 c(1001,9001,'PA',b'AAAAAAAAAA'), c(1021,9001,'PA',b'CCCCCCCC'), c(1021,9001,'PA',b'CCCCCCCCDDDDDDDD'),
 c(1011,9001,'PA',b'BBBBBBBBBB'), s(9001,1037,'A'),
 c(1037,9001,'FA'), s(9001,1038,'FA'), c(1038,9002,'A')])

# spurious.pcap: iRTT 10 ms; the server sends three segments, the client acknowledges all,
# then the server resends the second 1 ms later (spurious, not out-of-order), after three
# duplicate ACKs resends the acknowledged first one (spurious, not fast retransmission), and
# sends 3 bytes starting one before its next sequence number (no retransmission)
hdr=b'HTTP/1.1 200 OK\r\nContent-Length: 265\r\n\r\n'
body=hdr+b'x'*265
d1,d2,d3=body[:100],body[100:200],body[200:300]
sa=1001+len(get)
write(OUT+'/spurious.pcap',[
 c(1000,0,'S'), s(9000,1001,'SA'), c(1001,9001,'A'),
 c(1001,9001,'PA',get),
 s(9001,sa,'A',d1), s(9101,sa,'A',d2), s(9201,sa,'A',d3),
 c(sa,9301,'A'),
 s(9101,sa,'A',d2),
 c(sa,9301,'A'), c(sa,9301,'A'), c(sa,9301,'A'),
 s(9001,sa,'A',d1),
 s(9300,sa,'PA',body[299:]),
 c(sa,9306,'FA'), s(9306,sa+1,'FA'), c(sa+1,9307,'A'),
], us=[0, 10000, 10100, 10200, 20000, 20010, 20020, 20500, 21000, 21100, 21110, 21120, 21130,
       40000, 41000, 42000, 43000])

# ssdp.pcap: three M-SEARCHes from one socket (one UDP conversation: requests 1/3..3/3), a
# NOTIFY from another host, a unicast 200 OK to the searcher (a conversation of its own)
H=[10,0,0,5]; M=[239,255,255,250]; D=[10,0,0,9]
msearch=b'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n'
notify=b'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n\r\n'
ok=b'HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: http://10.0.0.9:80/d.xml\r\n\r\n'
write(OUT+'/ssdp.pcap',[udp(H,M,50000,1900,msearch), udp(D,M,1900,1900,notify),
 udp(H,M,50000,1900,msearch), udp(D,H,1900,50000,ok), udp(H,M,50000,1900,msearch)])

def write_cut(fn,pkts):
    # (packet, captured length or None)
    with open(fn,'wb') as f:
        f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
        for i,(p,cap) in enumerate(pkts):
            cap = len(p) if cap is None else min(cap,len(p))
            f.write(struct.pack("<IIII",1000,i*1000,cap,len(p))); f.write(p[:cap])

# x11.pcap: client 10.0.0.1:40000 to the display :0 (port 6000), little endian, seen from
# the middle of the connection
xc=lambda *a,**k: pkt(C,S,40000,6000,*a,**k)
xs=lambda *a,**k: pkt(S,C,6000,40000,*a,**k)
def xreq(op,words,fill=0):
    return (bytes([op,0])+struct.pack('<H',words)).ljust(words*4,bytes([fill]))
def xsrv(code,seq,extra=0):
    return (bytes([code,0])+struct.pack('<HI',seq,extra)).ljust(32+extra*4,b'\0')
r1=xsrv(1,0x3e80)                      # a reply to a request before the capture
ev=xsrv(6,0x3e80)                      # MotionNotify
q1=xreq(40,4)                          # TranslateCoordinates
r2=xsrv(1,0x3e81)
q2=xreq(60,2)+xreq(43,1)               # FreeGC, GetInputFocus
r3=xsrv(1,0x3e83)
cutq=xreq(53,4)+xreq(70,5)+xreq(70,5)+xreq(72,40)   # cut after 60 bytes
zeros=bytes(64)
sx,cx_=9001,1001
P=[]
def add(dir,data,cap=None,flags='PA'):
    global sx,cx_
    if dir=='s':
        P.append((xs(sx,cx_,flags,data),cap)); sx+=len(data)
    else:
        P.append((xc(cx_,sx,flags,data),cap)); cx_+=len(data)
add('s',r1); add('s',ev); add('c',q1); add('s',r2); add('c',q2); add('s',r3)
add('c',cutq,cap=54+60); add('c',zeros)
write_cut(OUT+'/x11.pcap',P)

# mysql-tls.pcap: greeting, the client's SSL request, then TLS both ways
mc=lambda *a,**k: pkt(C,S,40304,3306,*a,**k)
ms=lambda *a,**k: pkt(S,C,3306,40304,*a,**k)
def my(num,body): return struct.pack('<I',len(body))[:3]+bytes([num])+body
greet=my(0,b'\x0a'+b'5.5.40-MariaDB\0'+struct.pack('<I',34)+b'abcdefgh\0'+struct.pack('<H',0xffff)+bytes(27))
sslreq=my(1,struct.pack('<HHIB',0xae85,0x203f,16777216,33)+bytes(23))
def hs(t,body,v=1): return bytes([22,3,v])+struct.pack('!H',4+len(body))+bytes([t])+struct.pack('!I',len(body))[1:]+body
chb=bytes([3,3])+bytes(32)+b'\0'+struct.pack('!HH',2,0x002f)+b'\x01\x00'
shb=bytes([3,1])+bytes(32)+b'\0'+struct.pack('!H',0x002f)+b'\x00'
ch=hs(1,chb)
sh=hs(2,shb)+bytes([20,3,1,0,1,1])
app=bytes([23,3,1,0,4])+b'abcd'
write(OUT+'/mysql-tls.pcap',[
 mc(1000,0,'S'), ms(9000,1001,'SA'), mc(1001,9001,'A'),
 ms(9001,1001,'PA',greet), mc(1001,9001+len(greet),'PA',sslreq),
 mc(1001+len(sslreq),9001+len(greet),'PA',ch),
 ms(9001+len(greet),1001+len(sslreq)+len(ch),'PA',sh),
 mc(1001+len(sslreq)+len(ch),9001+len(greet)+len(sh),'PA',app)])

# sslv2.pcap: an SSL 2.0 compatible Client Hello on port 4430, a TLS 1.2 answer
v2c=lambda *a,**k: pkt(C,S,39028,4430,*a,**k)
v2s=lambda *a,**k: pkt(S,C,4430,39028,*a,**k)
specs=bytes([0,0,4, 1,0,0x80, 0,0,0xff])
hello=bytes([1,3,3])+struct.pack('!HHH',len(specs),0,16)+specs+bytes(range(16))
v2=struct.pack('!H',0x8000|len(hello))+hello
sh2=hs(2,bytes([3,3])+shb[2:],3)
app2=bytes([23,3,3,0,3])+b'xyz'
write(OUT+'/sslv2.pcap',[
 v2c(1000,0,'S'), v2s(9000,1001,'SA'), v2c(1001,9001,'A'),
 v2c(1001,9001,'PA',v2), v2s(9001,1001+len(v2),'PA',sh2),
 v2c(1001+len(v2),9001+len(sh2),'PA',app2)])

# tls-cert.pcap: Server Hello, Certificate (one EC certificate with policies, AIA, AKI with a
# directory name, a directory name in subjectAltName), Certificate Request, Server Hello Done
import os
cert=bytes.fromhex(open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','tests','captures','cert-ec.der.hex')).read().strip())
certs=struct.pack('!I',len(cert))[1:]+cert
certmsg=struct.pack('!I',len(certs))[1:]+certs
dn=bytes.fromhex('3018310b3009060355040613024e4c3109300706035504031300')
dn=bytes([0x30,len(dn)-2])+dn[2:]
creq=bytes([1,1])+struct.pack('!H',2)+bytes([4,3])+struct.pack('!H',len(dn)+2)+struct.pack('!H',len(dn))+dn
def rec(t,body): return bytes([t,3,3])+struct.pack('!H',len(body))+body
def hmsg(t,body): return bytes([t])+struct.pack('!I',len(body))[1:]+body
flight=rec(22,hmsg(2,bytes([3,3])+bytes(32)+b'\0'+struct.pack('!H',0xc02b)+b'\x00')+hmsg(11,certmsg)+hmsg(13,creq)+hmsg(14,b''))
tc=lambda *a,**k: pkt(C,S,50000,443,*a,**k)
ts=lambda *a,**k: pkt(S,C,443,50000,*a,**k)
write(OUT+'/tls-cert.pcap',[
 tc(1000,0,'S'), ts(9000,1001,'SA'), tc(1001,9001,'A'),
 tc(1001,9001,'PA',hs(1,chb,3)), ts(9001,1001+len(hs(1,chb,3)),'PA',flight),
 tc(1001+len(hs(1,chb,3)),9001+len(flight),'A')])

# http-heuristic.pcap: stream 0 on port 9090: "GET /malic" | "ious HTTP/1.1 ..." (data, then
# HTTP takes the conversation), a response; stream 1 on port 80: a garbled request line
hc=lambda *a,**k: pkt(C,S,43950,9090,*a,**k)
hs_=lambda *a,**k: pkt(S,C,9090,43950,*a,**k)
r1=b'GET /malic'; r2=b'ious HTTP/1.1\r\nHost: 10.0.0.2:9090\r\n\r\n'
rsp=b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\nhello\n'
gc=lambda *a,**k: pkt(C,S,46564,80,*a,**k)
gs=lambda *a,**k: pkt(S,C,80,46564,*a,**k)
bad=b'OPTIONSHTTP/1.1\nHost: www.example.com\n\n'
bad_rsp=b'HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n'
write(OUT+'/http-heuristic.pcap',[
 hc(1000,0,'S'), hs_(9000,1001,'SA'), hc(1001,9001,'A'),
 hc(1001,9001,'PA',r1), hc(1011,9001,'PA',r2), hs_(9001,1011+len(r2),'A'),
 hs_(9001,1011+len(r2),'PA',rsp), hc(1011+len(r2),9001+len(rsp),'A'),
 gc(5000,0,'S'), gs(7000,5001,'SA'), gc(5001,7001,'A'),
 gc(5001,7001,'PA',bad), gs(7001,5001+len(bad),'PA',bad_rsp), gc(5001+len(bad),7001+len(bad_rsp),'A')])

# http-browse.pcap: one client, two connections to 10.0.0.2:80 spread over about 130 s
bc=lambda *a,**k: pkt(C,S,40001,80,*a,**k)
bs=lambda *a,**k: pkt(S,C,80,40001,*a,**k)
b2c=lambda *a,**k: pkt(C,S,40002,80,*a,**k)
b2s=lambda *a,**k: pkt(S,C,80,40002,*a,**k)
def rq(uri,ref=None):
    h='GET %s HTTP/1.1\r\nHost: www.example.test\r\n' % uri
    if ref: h+='Referer: %s\r\n' % ref
    return (h+'\r\n').encode()
def rs(code,phrase,body=b'',loc=None):
    h='HTTP/1.1 %d %s\r\nContent-Length: %d\r\n' % (code,phrase,len(body))
    if loc: h+='Location: %s\r\n' % loc
    return (h+'\r\n').encode()+body
flows=[(rq('/'),rs(200,'OK',b'<a href=/news>news</a>')),
       (rq('/news','http://www.example.test/'),rs(302,'Found',loc='today?x=1')),
       (rq('/today?x=1','http://www.example.test/'),rs(200,'OK',b'today')),
       (rq('/img/logo.png','http://www.example.test/today?x=1'),rs(404,'Not Found'))]
P=[bc(100,0,'S'),bs(500,101,'SA'),bc(101,501,'A')]; T=[0,200,400]
cs,ss=101,501; t=500000
for q,r in flows:
    P+=[bc(cs,ss,'PA',q),bs(ss,cs+len(q),'PA',r),bc(cs+len(q),ss+len(r),'A')]
    T+=[t,t+3000,t+3400]; cs+=len(q); ss+=len(r); t=t*3+9000000
q2=rq('/about','http://www.example.test/'); r2=rs(200,'OK',b'about us')
P+=[b2c(7000,0,'S'),b2s(8000,7001,'SA'),b2c(7001,8001,'A'),b2c(7001,8001,'PA',q2),
    b2s(8001,7001+len(q2),'PA',r2),b2c(7001+len(q2),8001+len(r2),'FA'),
    b2s(8001+len(r2),7002+len(q2),'FA'),bc(cs,ss,'FA'),bs(ss,cs+1,'FA'),bc(cs+1,ss+1,'A')]
T+=[100000000,100000300,100000500,100001000,100004000,100004500,99999000,130200000,130200400,130200900]
write(OUT+'/http-browse.pcap',P,T)

# multipart.pcap: MIME multipart bodies on one keep-alive connection to 10.0.0.2:80
mc=lambda *a,**k: pkt(C,S,40100,80,*a,**k)
ms=lambda *a,**k: pkt(S,C,80,40100,*a,**k)
def post(uri,ctype,body):
    return (b"POST %s HTTP/1.1\r\nHost: h\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (uri.encode(),ctype,len(body)))+body
form=(b"preamble text\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n"
      b"--XyZ\r\nContent-Type: Text/Plain; charset=utf-8\r\nContent-ID:  <x@y> \r\nX-Other: q\r\n\r\n"
      b"line1\nline2\n\r\n--XyZ\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      b"<p>hi</p>\r\n--XyZ\r\nContent-Type: image/png\r\n\r\n\x89PNG....\r\n--XyZ--\r\nepilogue")
inner=b"--In\r\nContent-Type: text/plain\r\n\r\ninner\r\n--In--"
related=(b"--Out\r\nContent-Type: multipart/mixed; boundary=In\r\n\r\n"+inner+
         b"\r\n--Out\r\nContent-Type: application/json\r\n\r\n{}\r\n--Out--\r\n")
ranges=(b"\r\n--R1\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-3/10\r\n\r\n"
        b"\x00\x01\x02\x03\r\n--R1\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\nok\r\n--R1--\r\n")
flows=[(post('/up',b'multipart/form-data; boundary="XyZ"',form),rs(200,'OK')),
       (post('/rel',b'multipart/related; boundary=Out',related),rs(200,'OK')),
       (rq('/file'),b"HTTP/1.1 206 Partial Content\r\nContent-Type: multipart/byteranges; boundary=R1\r\n"
        b"Content-Length: %d\r\n\r\n" % len(ranges)+ranges),
       (post('/nob',b'multipart/form-data',b'hello'),rs(200,'OK'))]
P=[mc(100,0,'S'),ms(500,101,'SA'),mc(101,501,'A')]
cs,ss=101,501
for q,r in flows:
    P+=[mc(cs,ss,'PA',q),ms(ss,cs+len(q),'PA',r),mc(cs+len(q),ss+len(r),'A')]
    cs+=len(q); ss+=len(r)
P+=[mc(cs,ss,'FA'),ms(ss,cs+1,'FA'),mc(cs+1,ss+1,'A')]
write(OUT+'/multipart.pcap',P)

# icmp.pcap: echo requests and replies between 10.0.0.1 and 10.0.0.2 (times from T0)
def icmp_msg(t,ident,seq,data,bad=False):
    h=struct.pack('!BBHHH',t,0,0,ident,seq)+data
    c=csum(h)^(0x1111 if bad else 0)
    return h[:2]+struct.pack('!H',c)+h[4:]
def ip_icmp(src,dst,payload):
    h=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(payload),1,0,64,1,0,bytes(src),bytes(dst))
    return eth_hdr()+h[:10]+struct.pack('!H',csum(h))+h[12:]+payload
def eth_hdr(): return b'\x00\x01\x02\x03\x04\x05\x00\x01\x02\x03\x04\x06\x08\x00'
T0=1795247650
pad=bytes(range(0x10,0x38))
d1=struct.pack('<QQ',T0,258106)+pad
d2=struct.pack('!II',T0+1,5000)+pad
cut=ip_icmp(C,S,icmp_msg(8,0x5000,1,d1))
pings=[(258223,ip_icmp(C,S,icmp_msg(8,0x1995,1,d1)),None),
       (258415,ip_icmp(S,C,icmp_msg(0,0x1995,1,d1)),None),
       (1009000,ip_icmp(C,S,icmp_msg(8,0x2000,1,d2)),None),
       (1009500,ip_icmp(S,C,icmp_msg(0,0x2000,1,d2,bad=True)),None),
       (2000000,ip_icmp(C,S,icmp_msg(8,0x3000,7,b'abcdefghijklmnopqrstuvwabcdefghi')),None),
       (3000000,ip_icmp(C,S,icmp_msg(8,0x4000,1,struct.pack('<II',T0-86401,0)+pad)),None),
       (3000000,ip_icmp(C,S,icmp_msg(8,0x4001,1,struct.pack('<II',T0+5,0)+pad)),None),
       (4000000,cut,60),
       (4000000,ip_icmp(C,S,icmp_msg(8,0x6000,1,struct.pack('<II',T0+4,2000000)+pad)),None)]
with open(OUT+'/icmp.pcap','wb') as f:
    f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
    for t,p,c in pings:
        c=c or len(p)
        f.write(struct.pack('<IIII',T0+t//1000000,t%1000000,c,len(p))); f.write(p[:c])

# ipv6-ext.pcap and icmpv6-nd.pcap: IPv6 extension headers, Neighbor Discovery and MLD
def pcap_frames(fn, frames):
    with open(fn,'wb') as f:
        f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
        for i,p in enumerate(frames):
            f.write(struct.pack('<IIII',1000+i,0,len(p),len(p))); f.write(p)
V6SRC=bytes.fromhex('fe800000000000000000000000000001')
V6MLD=bytes.fromhex('ff020000000000000000000000000016')
def v6(nxt, payload, src=V6SRC, dst=V6MLD):
    return (b'\x33\x33\x00\x00\x00\x16\x00\x11\x22\x33\x44\x55\x86\xdd'
            +struct.pack('>IHBB',0x60000000,len(payload),nxt,1)+src+dst+payload)
def ext(nxt, body):
    assert (2+len(body))%8==0
    return bytes([nxt,(2+len(body))//8-1])+body
u6=struct.pack('>HHHH',1234,5678,12,0)+b'abcd'
opts=b''.join([b'\x00', b'\x01\x01\x00', b'\x05\x02\x00\x01', b'\x04\x01\x07', b'\x45\x02\xaa\xbb',
               b'\x85\x00', b'\xc5\x00', b'\x25\x00', b'\x01\x00'])
opts+=b'\x00'*((8-(2+len(opts))%8)%8)
addr16=bytes(range(16))
pcap_frames(OUT+'/ipv6-ext.pcap', [
    v6(0, ext(17, opts)+u6),
    v6(0, ext(17, b'\xc2\x04\x00\x01\x00\x00')+u6),
    v6(60, ext(17, b'\x05\x02\x00\x01\x05\x02\x00\x02\x05\x02\x00\x24\x05\x02\x01\x00\x01\x04\x00\x00\x00\x00')+u6),
    v6(43, bytes([17,2,0,1])+b'\x00'*4+addr16+u6),
    v6(43, bytes([17,2,2,1])+b'\x00'*4+addr16+u6),
    v6(43, bytes([17,2,4,0,0,0,0,0])+addr16+u6),
    v6(43, bytes([17,0,253,0,1,2,3,4])+u6),
    v6(60, ext(0, b'\x01\x04\x00\x00\x00\x00')+ext(17, b'\x01\x04\x00\x00\x00\x00')+u6),
    v6(0, ext(17, b'\x01\x09\x00\x00\x00\x00')+u6),
    v6(0, ext(17, b'\x1e\x04\x01\x02\x03\x04')+u6),
])
ND_SRC=bytes.fromhex('fe800000000000000211223344556677')
ALL_NODES=bytes.fromhex('ff020000000000000000000000000001')
ALL_ROUTERS=bytes.fromhex('ff020000000000000000000000000002')
def icmp6(t,c,body,dst=ALL_NODES,hop=None):
    m=bytes([t,c,0,0])+body
    ck=csum(ND_SRC+dst+struct.pack('>I',len(m))+b'\0\0\0\x3a'+m)
    m=m[:2]+struct.pack('>H',ck)+m[4:]
    payload,nxt=(hop+m,0) if hop else (m,58)
    return (b'\x33\x33\x00\x00\x00\x01\x00\x11\x22\x33\x44\x55\x86\xdd'
            +struct.pack('>IHBB',0x60000000,len(payload),nxt,255)+ND_SRC+dst+payload)
alert=bytes([58,0,5,2,0,0,1,0])
slla=bytes([1,1,0,0x11,0x22,0x33,0x44,0x55])
mtu=bytes([5,1,0,0])+struct.pack('>I',1500)
prefix=bytes([3,4,64,0xc0])+struct.pack('>II',86400,14400)+b'\0'*4+bytes.fromhex('20010db8000100000000000000000000')
rdnss=bytes([25,3,0,0])+struct.pack('>I',3600)+bytes.fromhex('20010db8000000000000000000000053')
dnssl=bytes([31,3,0,0])+struct.pack('>I',3600)+b'\x07example\x03com\x00'+b'\0'*3
route=bytes([24,2,48,0x08])+struct.pack('>I',1800)+bytes.fromhex('20010db800020000')
group=bytes.fromhex('ff0200000000000000000001ff000001')
rec1=bytes([4,0])+struct.pack('>H',0)+group
rec2=bytes([1,0])+struct.pack('>H',1)+bytes.fromhex('ff050000000000000000000000010003')+ND_SRC
pcap_frames(OUT+'/icmpv6-nd.pcap', [
    icmp6(133,0,b'\0\0\0\0'+slla,dst=ALL_ROUTERS),
    icmp6(134,0,bytes([64,0x88])+struct.pack('>HII',1800,0,0)+slla+mtu+prefix+rdnss+dnssl+route+bytes([200,1,1,2,3,4,5,6])),
    icmp6(134,0,bytes([0,0x58])+struct.pack('>HII',0,30000,1000)),
    icmp6(130,0,struct.pack('>HH',10000,0)+b'\0'*16,hop=alert),
    icmp6(131,0,struct.pack('>HH',0,0)+group,dst=group,hop=alert),
    icmp6(132,0,struct.pack('>HH',0,0)+group,dst=ALL_ROUTERS,hop=alert),
    icmp6(130,0,struct.pack('>HH',10000,0)+group+bytes([0x0a,125])+struct.pack('>H',1)+ND_SRC,hop=alert),
    icmp6(143,0,struct.pack('>HH',0,2)+rec1+rec2,dst=V6MLD,hop=alert),
])

# dns.pcap: queries and answers of the common record types, flag variants, a query answered
# (response_in / response_to / time), one never answered, an unsolicited response, a
# retransmitted query and response, an error reply, a header cut short, mDNS with cache flush
def dname(n):
    if n in ('', '.'): return b'\0'
    return b''.join(bytes([len(l)])+l.encode() for l in n.split('.'))+b'\0'
def dq(n,t,c=1): return dname(n)+struct.pack('!HH',t,c)
def drr(n,t,ttl,rd,c=1):
    nm = n if isinstance(n,bytes) else dname(n)
    return nm+struct.pack('!HHIH',t,c,ttl,len(rd))+rd
def dmsg(i,flags,qs=(),an=(),ns=(),ar=()):
    return struct.pack('!HHHHHH',i,flags,len(qs),len(an),len(ns),len(ar))+b''.join(qs)+b''.join(an)+b''.join(ns)+b''.join(ar)
R=[10,0,0,53]
def dns_frames():
    q=lambda i,f,qs,**k: udp(C,R,40000,53,dmsg(i,f,qs,**k))
    r=lambda i,f,qs,**k: udp(R,C,53,40000,dmsg(i,f,qs,**k))
    www=dq('www.example.com',1)
    soa=dname('ns1.example.com')+dname('hostmaster.example.com')+struct.pack('!IIIII',2024010101,7200,3600,1209600,300)
    ecs=struct.pack('!HHHBB',8,7,1,24,0)+bytes([192,0,2])
    opt=lambda z,data=b'': b'\0'+struct.pack('!HHIH',41,1232,z,len(data))+data
    frames=[
     (0, q(0x1001,0x0100,[www],ar=[opt(0x8000,ecs)])),
     (12000, r(0x1001,0x8180,[www],an=[drr(b'\xc0\x0c',5,300,dname('web.example.net')),
        drr('web.example.net',1,3661,bytes([93,184,216,34])),
        drr('web.example.net',28,86400,bytes.fromhex('20010db8000000000000000000000001'))],
        ns=[drr('example.net',2,172800,dname('a.iana-servers.net'))], ar=[opt(0)])),
     (20000, q(0x1002,0x0120,[dq('example.com',15)])),
     (30000, r(0x1002,0x8590,[dq('example.com',15)],an=[drr('example.com',15,0,struct.pack('!H',10)+dname('mail.example.com'))])),
     (40000, q(0x1003,0x0110,[dq('example.com',16)])),
     (50000, r(0x1003,0x8180,[dq('example.com',16)],an=[drr('example.com',16,60,b'\x0bv=spf1 -all\x05hello')])),
     (60000, q(0x1004,0x0100,[dq('nothere.example.com',1)])),
     (70000, r(0x1004,0x8183,[dq('nothere.example.com',1)],ns=[drr('example.com',6,900,soa)])),
     (80000, q(0x1005,0x0100,[dq('34.216.184.93.in-addr.arpa',12)])),
     (90000, r(0x1005,0x8180,[dq('34.216.184.93.in-addr.arpa',12)],an=[drr(b'\xc0\x0c',12,7200,dname('host.example.com'))])),
     (100000, q(0x1006,0x0100,[dq('_sip._tcp.example.com',33)])),
     (110000, r(0x1006,0x8180,[dq('_sip._tcp.example.com',33)],an=[drr(b'\xc0\x0c',33,120,struct.pack('!HHH',10,60,5060)+dname('sip.example.com'))])),
     (120000, q(0x1007,0x0100,[dq('example.com',6)])),
     (130000, r(0x1007,0x8182,[dq('example.com',6)])),
     (140000, q(0x1008,0x0100,[dq('lost.example.com',1)])),
     (150000, r(0x1009,0x8180,[dq('stray.example.com',1)],an=[drr(b'\xc0\x0c',1,59,bytes([10,1,2,3]))])),
     (200000, q(0x100a,0x0100,[dq('slow.example.com',28)])),
     (700000, q(0x100a,0x0100,[dq('slow.example.com',28)])),
     (710000, r(0x100a,0x8180,[dq('slow.example.com',28)],an=[drr(b'\xc0\x0c',28,1,bytes(16))])),
     (720000, r(0x100a,0x8180,[dq('slow.example.com',28)],an=[drr(b'\xc0\x0c',28,1,bytes(16))])),
     (800000, q(0x100b,0x7900,[dq('example.com',99)])),
     (810000, q(0x100c,0x0100,[dq('',2)])),
     (820000, q(0x100d,0x0100,[dq('example.com',4660,3)])),
     (830000, r(0x100d,0x8185,[dq('example.com',4660,3)],an=[drr('example.com',4660,31536000,b'\x01\x02\x03')])),
     (840000, udp(C,R,40001,53,struct.pack('!HH',0x6865,0x6c6c)+b'l')),
     (850000, udp(C,[224,0,0,251],5353,5353,dmsg(0,0,[dq('printer.local',255,0x8001)]))),
     (860000, udp(S,[224,0,0,251],5353,5353,dmsg(0,0x8400,[],an=[drr('printer.local',1,120,bytes([10,0,0,2]),c=0x8001),
        drr('_ipp._tcp.local',12,4500,dname('printer._ipp._tcp.local'))]))),
    ]
    return frames
with open(OUT+'/dns.pcap','wb') as f:
    f.write(struct.pack('<IHHiIII',0xa1b2c3d4,2,4,0,0,65535,1))
    for t,p in dns_frames():
        f.write(struct.pack('<IIII',T0+t//1000000,t%1000000,len(p),len(p))); f.write(p)

# ip-fragments.pcap: IPv4 and IPv6 datagrams in fragments, reassembled as Wireshark does it:
# out of order, a duplicate, a fragment inside another, an overlap with other bytes (the
# earlier fragment in offset order gives them), a fragment past the end, a second tail, a
# fragment after its datagram was done; UDP lengths shorter than the header and longer than
# the datagram
def frag4(ident,off,more,payload,proto=17,src=C,dst=S):
    ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(payload),ident,(0x2000 if more else 0)|(off//8),64,proto,0,bytes(src),bytes(dst))
    ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]
    return b'\x00\x01\x02\x03\x04\x05'+b'\x00\x01\x02\x03\x04\x07'+b'\x08\x00'+ip+payload
def frag6(ident,off,more,payload,nxt=17):
    fh=struct.pack('>BBHI',nxt,0,off|(1 if more else 0),ident)
    return v6(44,fh+payload,dst=bytes.fromhex('fe800000000000000000000000000002'))
def frag_frames():
    body=bytes(range(64))
    d=struct.pack('!HHHH',1234,5678,72,0)+body
    f=[]
    f+=[frag4(1,0,True,d[:24]),frag4(1,0,True,d[:24]),frag4(1,24,True,d[24:48]),frag4(1,48,False,d[48:])]
    f+=[frag4(2,0,True,d[:24]),frag4(2,0,True,bytes(24)),frag4(2,24,True,d[24:48]),frag4(2,48,False,d[48:])]
    f+=[frag4(3,0,True,d[:48]),frag4(3,8,True,d[8:16]),frag4(3,48,False,d[48:])]
    f+=[frag4(4,16,True,d[16:48]),frag4(4,0,True,d[:16]+b'\xee'*8),frag4(4,48,False,d[48:])]
    f+=[frag4(5,0,True,d[:48]),frag4(5,48,False,d[48:]),frag4(5,48,False,d[48:56])]
    f+=[frag4(6,48,False,d[48:]),frag4(6,0,True,d[:24]),frag4(6,24,True,d[24:]+bytes(16))]
    f+=[frag4(7,48,False,d[48:]),frag4(7,48,False,d[48:56]),frag4(7,0,True,d[:48])]
    f+=[udp(C,S,1234,53,b'abcdefgh'[:0]+struct.pack('!HH',0x6162,0x6364)), udp(C,S,1234,5678,b'xy')]
    f[-2]=f[-2][:38]+struct.pack('!H',4)+f[-2][40:]
    f[-1]=f[-1][:38]+struct.pack('!H',400)+f[-1][40:]
    f+=[frag6(0x1234,0,True,d[:32]),frag6(0x1234,48,False,d[48:]),frag6(0x1234,16,True,d[16:48])]
    f+=[frag6(0x1235,0,True,d[:40]),frag6(0x1235,40,False,d[40:]+b'\xff'*8)]
    return f
pcap_frames(OUT+'/ip-fragments.pcap', frag_frames())

# dnssec.pcap: DNSSEC records as tshark reads them: RRSIG with every signing algorithm,
# DNSKEY flag variants (zone key, revoked, key signing, reserved bits) and key ids, DS with
# each digest type, NSEC and NSEC3 with their type bit maps, NSEC3PARAM
def dnssec_frames():
    r=lambda i,qs,**k: udp(R,C,53,40000,dmsg(i,0x8180,qs,**k))
    q=[dq('example.com',48)]
    sig=bytes(range(40))
    algs=[(1,1),(2,2),(3,5),(4,6),(5,15),(6,16),(7,28),(8,48),(10,43),(12,46),(13,47),(14,50),(15,51),(16,99),(17,1),(252,1),(253,1),(254,1)]
    rrsigs=[drr(b'\xc0\x0c',46,300,struct.pack('!HBBIIIH',t,a,2,3600,1700000000,1690000000,12345)+dname('example.com')+sig) for a,t in algs]
    keys=[drr(b'\xc0\x0c',48,300,struct.pack('!HBB',f,3,13)+bytes(range(64))) for f in (0x0101,0x0100,0x0181,0xffff,0)]
    ds=[drr(b'\xc0\x0c',43,300,struct.pack('!HBB',0x3039,8,d)+bytes(range(n))) for d,n in [(1,20),(2,32),(3,32),(4,48),(5,8)]]
    nsec=[drr(b'\xc0\x0c',47,300,dname('next.example.com')+bytes([0,6,0x62,0x01,0x80,0x08,0x00,0x03,1,1,0x40]))]
    nsec3=[drr('abc.example.com',50,300,bytes([1,1])+struct.pack('!H',10)+bytes([4])+b'\xaa\xbb\xcc\xdd'+bytes([20])+bytes(range(20))+bytes([0,1,0x40])),
           drr('abd.example.com',50,300,bytes([2,0])+struct.pack('!H',0)+bytes([0])+bytes([20])+bytes(range(20,40)))]
    n3p=[drr(b'\xc0\x0c',51,0,bytes([1,0])+struct.pack('!H',5)+bytes([2])+b'\x12\x34')]
    return [r(1,q,an=rrsigs[:9]), r(2,q,an=rrsigs[9:]), r(3,q,an=keys), r(4,q,an=ds), r(5,q,an=nsec+nsec3+n3p)]
pcap_frames(OUT+'/dnssec.pcap', dnssec_frames())

# l2tp.pcap: TCP carried in L2TP over UDP: every datagram of the tunnel counts in the UDP
# conversation's timestamps
def l2tp_frames():
    def tunnel(inner, src=C, dst=S):
        l2=struct.pack('!HHH',0x0002,7,9)+b'\xff\x03\x00\x21'+inner
        return udp(src,dst,1701,1701,l2)
    def ip_tcp(sp,dp,flags,payload=b''):
        return pkt([192,168,0,1],[192,168,0,2],sp,dp,1000,0 if flags=='S' else 2001,flags,payload)[14:]
    return [tunnel(ip_tcp(40000,80,'S')), tunnel(ip_tcp(80,40000,'SA'),S,C), tunnel(ip_tcp(40000,80,'A'))]
pcap_frames(OUT+'/l2tp.pcap', l2tp_frames())

# icmp-quoted.pcap: traceroute probes and what ICMP and ICMPv6 errors quote
def quoted_frames():
    def err4(t,code,inner): return ip_icmp(S,C,struct.pack('!BBHI',t,code,0,0)+inner[14:])
    A6=bytes.fromhex('20010db8000000000000000000000001'); B6=bytes.fromhex('20010db8000000000000000000000002')
    def ip6(nxt,payload,src,dst,hop=64):
        return (b'\x00\x01\x02\x03\x04\x05\x00\x01\x02\x03\x04\x06\x86\xdd'
                +struct.pack('>IHBB',0x60000000,len(payload),nxt,hop)+src+dst+payload)
    def c6(src,dst,body):
        c=csum(src+dst+struct.pack('!IxxxB',len(body),58)+body)
        return body[:2]+struct.pack('!H',c)+body[4:]
    def udp6(sp,dp,payload,hop=1):
        return ip6(17,struct.pack('!HHHH',sp,dp,8+len(payload),0)+payload,A6,B6,hop)
    query=struct.pack('!HHHHHH',0x1234,0x0100,1,0,0,0)+dname('www.example.com')+struct.pack('!HH',1,1)
    probes=[udp(C,S,40000,p,b'\x00'*12) for p in (33434,33435,33436,33437,33438,33464,33465)]
    probes.append(udp(C,S,33440,33441,b'\x00'*12))
    echo4=struct.pack('!BBHHH',8,0,0x1234,1,1)+b'pingdata'
    h4=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(echo4),1,0,1,1,0,bytes(C),bytes(S))
    echo6=struct.pack('!BBHHH',128,0,0x1234,1,1)+b'pingdata'
    errs=[err4(11,0,udp(C,S,40000,33440,b'\x00'*12)), err4(3,3,udp(C,S,40000,53,query)),
          err4(3,3,udp(C,S,40000,5555,b'abcd')), err4(3,3,udp(C,S,40000,5555,b'')),
          ip_icmp(S,C,struct.pack('!BBHI',11,0,0,0)+h4+echo4),
          ip6(58,c6(B6,A6,struct.pack('!BBHI',3,0,0,0)+udp6(40000,33445,b'\x00'*12)[14:]),B6,A6),
          ip6(58,c6(B6,A6,struct.pack('!BBHI',1,4,0,0)+udp6(40000,5555,b'abcd')[14:]),B6,A6),
          ip6(58,c6(B6,A6,struct.pack('!BBHI',3,0,0,0)+ip6(58,echo6,A6,B6,1)[14:]),B6,A6)]
    return probes+errs
pcap_frames(OUT+'/icmp-quoted.pcap', quoted_frames())

# ip-options.pcap: IPv4 options as tshark reads them
def option_frames():
    def ipopt(opts):
        payload=struct.pack('!HHHH',40000,5555,12,0)+b'abcd'
        while len(opts)%4: opts+=b'\x00'
        hl=20+len(opts)
        h=struct.pack('!BBHHHBBH4s4s',0x40|(hl//4),0,hl+len(payload),1,0,64,17,0,bytes(C),bytes(S))+opts
        h=h[:10]+struct.pack('!H',csum(h))+h[12:]
        return b'\x00\x01\x02\x03\x04\x05\x00\x01\x02\x03\x04\x06\x08\x00'+h+payload
    a,b=bytes([10,0,0,9]),bytes([10,0,0,8])
    return [ipopt(o) for o in (
        b'\x94\x04\x00\x00', b'\x94\x04\x00\x01', b'\x01\x01\x94\x04\x00\x00\x00\x00',
        b'\x07\x0b\x04'+a+bytes(4)+b'\x00', b'\x07\x0b\x08'+a+b+b'\x00',
        b'\x44\x0c\x05\x00'+struct.pack('!II',1000,2000), b'\x44\x0c\x0d\x11'+a+struct.pack('!I',1000),
        b'\x88\x04\x12\x34', b'\x82\x0b\xaf\x13\x00\x05AB\x00\x00\x00', b'\x9e\x04\x00\x00',
        b'\x94\x09\x00\x00', b'\x94')]
pcap_frames(OUT+'/ip-options.pcap', option_frames())

# pdu-size.pcap: DNS over TCP, whose messages whole in a segment TCP counts
def pdu_frames():
    q=dmsg(0x1234,0x0100,[dq('example.com',1)])
    r=dmsg(0x1234,0x8180,[dq('example.com',1)],an=[drr(b'\xc0\x0c',1,300,bytes([10,0,0,7]))])
    q2=dmsg(0x1235,0x0100,[dq('example.org',1)])
    pre=lambda m: struct.pack('!H',len(m))+m
    dc=lambda seq,ack,d: pkt(C,S,40000,53,seq,ack,'PA',d)
    ds=lambda seq,ack,d: pkt(S,C,53,40000,seq,ack,'PA',d)
    return [dc(1,1,pre(q)), ds(1,1+len(pre(q)),pre(r)), dc(1+len(pre(q)),1+len(pre(r)),pre(q)+pre(q2))]
pcap_frames(OUT+'/pdu-size.pcap', pdu_frames())

# tcp-options.pcap: what follows an End of Option List
def eol_frames():
    def syn(sp,opts):
        hl=20+len(opts)
        tcp=struct.pack('!HHIIBBHHH',sp,80,1,0,(hl//4)<<4,2,65535,0,0)+opts
        ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(tcp),1,0,64,6,0,bytes(C),bytes(S))
        ip=ip[:10]+struct.pack('!H',csum(ip))+ip[12:]
        return b'\x00\x01\x02\x03\x04\x05\x00\x01\x02\x03\x04\x06\x08\x00'+ip+tcp
    synack=pkt(S,C,80,1001,5000,2,'SA')
    return [syn(1000,b'\x00\x02\x04\x05\xb4\x00\x00\x00'), syn(1001,b'\x02\x04\x05\xb4\x00\x00\x00\x00'),
            synack, syn(1002,b'\x01\x00\x01\x01')]
pcap_frames(OUT+'/tcp-options.pcap', eol_frames())

# fin-retrans.pcap: which FINs initiate the closing and which undergo it
def fin_frames():
    cl=lambda *a: pkt(C,S,1234,80,*a)
    sv=lambda *a: pkt(S,C,80,1234,*a)
    return [cl(1000,0,'S'), sv(9000,1001,'SA'), cl(1001,9001,'A'),
            cl(1001,9001,'FA'), cl(1001,9001,'FA'), sv(9001,1002,'FA'), cl(1002,9002,'A')]
write(OUT+'/fin-retrans.pcap', fin_frames())
