#!/usr/bin/env bash
# Out-of-fold student probabilities for a stacked CRF (docs/ner.md, 'Tried'): the teachers as in
# train.sh, then four 4-layer students per language, each trained without one quarter of the
# training sentences, write that quarter's log-probabilities to $OUT/oof_<lang>_<k>.npz.
. "$(dirname "$0")/common.sh"
TM=${TM:-3.0}; SM=${SM:-3.6}
NF=4
teachers $TM
for lang in fa ar; do for k in 0 1 2 3; do
  ft $lang student --layers 4 --epochs 5 --unlabelled-limit 20000 --fold $k/$NF --teachers /tmp/t/${lang}_?.npz --out $OUT/oof_${lang}_$k.npz --minutes $SM > /tmp/t/slog_$lang$k.txt 2>&1 &
done; done
wait
for f in /tmp/t/slog_*.txt; do echo "== $f"; grep -E "epoch|Error|error|Traceback|fold" $f | tail -8 | cut -c1-160; done
