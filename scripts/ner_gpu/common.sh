# Sourced by train.sh and oof.sh: environment, the `ft` step runner and the teachers.
set -u
W=${W:-.gpu}
export PYTHONPATH=src RASAD_E5_BUNDLE=$W/bundle.npz PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2
DEV=${DEV:-cuda}; X=${X:-}
ft() { lang=$1; shift; python3 -m rasad.extract.ner.finetune "$@" --lang $lang --train $W/$lang/train.conll --dev $W/$lang/dev.conll --unlabelled $W/unl_$lang.jsonl.gz --device $DEV $X; }
mkdir -p /tmp/t

# The four teachers of finetune.TEACHER_RUNS per language, side by side; no epoch starts after $1 minutes.
teachers() {
  for lang in fa ar; do
    ft $lang teacher --lr 5e-5 --seed 0 --out /tmp/t/${lang}_a.npz --minutes $1 > /tmp/t/log_${lang}_a.txt 2>&1 &
    ft $lang teacher --lr 1e-4 --seed 0 --out /tmp/t/${lang}_b.npz --minutes $1 > /tmp/t/log_${lang}_b.txt 2>&1 &
    ft $lang teacher --lr 2e-4 --seed 0 --out /tmp/t/${lang}_c.npz --minutes $1 > /tmp/t/log_${lang}_c.txt 2>&1 &
    ft $lang teacher --lr 1e-4 --seed 1 --out /tmp/t/${lang}_d.npz --minutes $1 > /tmp/t/log_${lang}_d.txt 2>&1 &
  done
  wait
  grep -h "teacher /tmp" /tmp/t/log_*.txt
}
