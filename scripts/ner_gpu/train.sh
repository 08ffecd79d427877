#!/usr/bin/env bash
# The shipped e5-ft NER models, both languages side by side on one CUDA GPU.
# Four 12-layer teachers per language train at once (TEACHER_RUNS of rasad.extract.ner.finetune),
# then 6- and 4-layer students learn from gold plus the averaged probabilities of the three best.
# Needs $W (default .gpu) filled by 'python -m rasad.extract.ner.finetune prepare --out .gpu' and $OUT.
# TM/SM: minutes after which no teacher/student epoch starts. Run from the repo root.
. "$(dirname "$0")/common.sh"
TM=${TM:-3.5}; SM=${SM:-3.5}
teachers $TM
for lang in fa ar; do for L in 6 4; do
  ft $lang student --layers $L --teachers /tmp/t/${lang}_?.npz --out $OUT/$lang$L --minutes $SM > /tmp/t/slog_$lang$L.txt 2>&1 &
done; done
wait
for f in /tmp/t/log_*.txt /tmp/t/slog_*.txt; do echo "== $f"; grep -E "epoch|Error|error|Traceback" $f | tail -18 | cut -c1-200; done
