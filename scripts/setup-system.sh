#!/usr/bin/env bash
# Installs the Debian packages the assistant uses, where it can; says how where it can't.
#   tesseract-ocr tesseract-ocr-vie : OCR of scanned PDFs
#   chromium                        : the real-browser test
set -u
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx vie || need+=(tesseract-ocr-vie)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null \
    && exit 0
  echo "warning: apt-get could not install ${need[*]}" >&2
else
  echo "note: missing system packages: ${need[*]}" >&2
fi
echo "      install them with: sudo apt-get install ${need[*]}" >&2
echo "      (without them scanned PDFs cannot be read and the browser test is skipped)" >&2
exit 0
