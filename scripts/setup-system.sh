#!/usr/bin/env bash
# Installs the Debian packages Vigil and its tests need (ffmpeg, Chromium, a CJK font for the Chinese console and PDF documents, GStreamer's RTSP pieces, nats-server for federation, pdftotext to check PDFs), when missing.
set -euo pipefail

PACKAGES=(
  ffmpeg
  chromium
  fonts-dejavu-core
  fonts-wqy-zenhei
  gstreamer1.0-tools
  gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly
  gstreamer1.0-libav
  gstreamer1.0-rtsp
  gir1.2-gst-rtsp-server-1.0
  python3-gi
  iproute2
  nats-server
  util-linux
  poppler-utils
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all Debian packages present"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
