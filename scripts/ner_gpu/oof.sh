#!/usr/bin/env bash
# Out-of-fold student probabilities for a stacked CRF (docs/ner.md, 'Tried'): the teachers as in
# train.sh, then four 4-layer students per language, each trained without one quarter of the
# training sentences, write that quarter's log-probabilities to $OUT/oof_<lang>_<k>.npz.
set -u
W=${W:-.gpu}
export PYTHONPATH=src RASAD_E5_BUNDLE=$W/bundle.npz PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
TM=${TM:-3.0}; SM=${SM:-3.6}; DEV=${DEV:-cuda}; X=${X:-}; NF=4
ft() { lang=$1; shift; python3 -m rasad.extract.ner.finetune "$@" --lang $lang --train $W/$lang/train.conll --dev $W/$lang/dev.conll --unlabelled $W/unl_$lang.jsonl.gz --device $DEV $X; }
mkdir -p /tmp/t
for lang in fa ar; do
  ft $lang teacher --lr 5e-5 --seed 0 --out /tmp/t/${lang}_a.npz --minutes $TM > /tmp/t/log_${lang}_a.txt 2>&1 &
  ft $lang teacher --lr 1e-4 --seed 0 --out /tmp/t/${lang}_b.npz --minutes $TM > /tmp/t/log_${lang}_b.txt 2>&1 &
  ft $lang teacher --lr 2e-4 --seed 0 --out /tmp/t/${lang}_c.npz --minutes $TM > /tmp/t/log_${lang}_c.txt 2>&1 &
  ft $lang teacher --lr 1e-4 --seed 1 --out /tmp/t/${lang}_d.npz --minutes $TM > /tmp/t/log_${lang}_d.txt 2>&1 &
done
wait
grep -h "teacher /tmp" /tmp/t/log_*.txt
for lang in fa ar; do for k in 0 1 2 3; do
  ft $lang student --layers 4 --epochs 5 --unlabelled-limit 20000 --fold $k/$NF --teachers /tmp/t/${lang}_?.npz --out $OUT/oof_${lang}_$k.npz --minutes $SM > /tmp/t/slog_$lang$k.txt 2>&1 &
done; done
wait
for f in /tmp/t/slog_*.txt; do echo "== $f"; grep -E "epoch|Error|error|Traceback|fold" $f | tail -8 | cut -c1-160; done
