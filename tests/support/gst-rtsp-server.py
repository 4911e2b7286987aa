# Test RTSP server on GStreamer: a live test pattern on 127.0.0.1, optional auth, stdin controls; prints "ready <port>".
#
# Run with Debian's /usr/bin/python3 (it has gi + GstRtspServer; a pyenv python does not).
# stdin commands, one per line: "pause" (keep sessions, stop sending media), "resume", "quit".
import argparse
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def h264_encoder(choice: str, bitrate_kbps: int, gop: int, bframes: int) -> str:
    # Debian's GStreamer may lack x264enc (gst-plugins-ugly); openh264enc (gst-plugins-bad) is the fallback.
    if choice == "auto":
        choice = "x264" if Gst.ElementFactory.find("x264enc") else "openh264"
    element = f"{choice}enc"
    if not Gst.ElementFactory.find(element):
        print(f"error: no {element} in this GStreamer", flush=True)
        sys.exit(2)
    if choice == "x264" and bframes > 0:
        # zerolatency turns B-frames off; a camera with B-frames sends pictures out of presentation order.
        return (
            f"x264enc speed-preset=ultrafast key-int-max={gop} bitrate={bitrate_kbps} bframes={bframes} b-adapt=false "
            "rc-lookahead=0 sync-lookahead=0 ! video/x-h264,profile=main"
        )
    if choice == "x264":
        return (
            f"x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={bitrate_kbps} "
            "! video/x-h264,profile=baseline"
        )
    return f"openh264enc bitrate={bitrate_kbps * 1000} gop-size={gop} complexity=low rate-control=bitrate"


def launch_line(args: argparse.Namespace) -> str:
    width, height = args.size.split("x")
    raw = (
        f"videotestsrc is-live=true pattern={args.pattern} "
        f"! video/x-raw,width={width},height={height},framerate={args.fps}/1"
    )
    if args.codec == "audio-only":
        return "( audiotestsrc is-live=true ! alawenc ! rtppcmapay name=pay0 pt=8 )"
    if args.codec == "vp8":
        video = f"{raw} ! vp8enc deadline=1 keyframe-max-dist={args.gop} ! rtpvp8pay name=pay0 pt=96"
    elif args.codec == "jpeg":
        video = f"{raw} ! jpegenc ! rtpjpegpay name=pay0 pt=26"
    elif args.codec == "h265":
        # x265's own VPS/SPS/PPS go in-band before every keyframe (config-interval=-1), as cameras send them.
        video = (
            f"{raw} ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max={args.gop} bitrate={args.bitrate} "
            "! video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=-1"
        )
    else:
        encoder = h264_encoder(args.encoder, args.bitrate, args.gop, args.bframes)
        video = f"{raw} ! {encoder} ! rtph264pay name=pay0 pt=96 config-interval=1"
    if args.audio:
        video += " audiotestsrc is-live=true ! alawenc ! rtppcmapay name=pay1 pt=8"
    return f"( {video} )"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--path", default="/stream")
    parser.add_argument("--auth", choices=["none", "basic", "digest"], default="none")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--codec", choices=["h264", "h265", "vp8", "jpeg", "audio-only"], default="h264")
    parser.add_argument("--encoder", choices=["auto", "x264", "openh264"], default="auto", help="H.264 encoder")
    parser.add_argument("--bframes", type=int, default=0, help="B-frames between references (x264 only)")
    parser.add_argument("--audio", action="store_true", help="add a G.711 A-law track")
    parser.add_argument("--size", default="320x240")
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--gop", type=int, default=25)
    parser.add_argument("--bitrate", type=int, default=500, help="kbit/s")
    parser.add_argument("--pattern", default="ball")
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(args))
    # One encoder for every client, as a camera has.
    factory.set_shared(True)

    paused = threading.Event()

    def drop_when_paused(_pad, _info):
        return Gst.PadProbeReturn.DROP if paused.is_set() else Gst.PadProbeReturn.OK

    # A payloader pushes a frame split into several packets (an x264enc keyframe larger than the MTU, as FU-A) as
    # one buffer list: a probe on single buffers alone would let those keyframes through while paused.
    paused_types = Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST

    def on_configure(_factory, media):
        bin_ = media.get_element()
        for name in ("pay0", "pay1"):
            pay = bin_.get_by_name(name)
            if pay is not None:
                pay.get_static_pad("src").add_probe(paused_types, drop_when_paused)

    factory.connect("media-configure", on_configure)

    if args.auth != "none":
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        if args.auth == "basic":
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
        else:
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(args.user, args.password, token)
        server.set_auth(auth)
        factory.add_role_from_structure(
            Gst.Structure.new_from_string(
                "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"
            )
        )

    server.get_mount_points().add_factory(args.path, factory)
    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("error: cannot listen", flush=True)
        sys.exit(1)
    print(f"ready {server.get_bound_port()}", flush=True)

    def read_commands() -> None:
        for line in sys.stdin:
            command = line.strip()
            if command == "pause":
                paused.set()
            elif command == "resume":
                paused.clear()
            elif command == "quit":
                break
            print(f"ok {command}", flush=True)
        # stdin closed (the test process died) or "quit": leave.
        GLib.idle_add(loop.quit)

    threading.Thread(target=read_commands, daemon=True).start()
    loop.run()


if __name__ == "__main__":
    main()
