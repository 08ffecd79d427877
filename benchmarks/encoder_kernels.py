"""The encoder's candidate kernels and thread counts, side by side on the same text.

For each language, the shipped NER model tags the same sentences (PEYMA test
for fa, ANERcorp dev for ar, from ../shared/data/ner) with each kernel
(float32, int8 dynamic quantisation, bfloat16) at 1 and 2 torch threads, with
the machine idle and, with ``--busy``, with one busy-looping process beside
it (a shared machine). Reported per candidate: tagger words/s (best of
``--reps`` passes after a warm-up), the share of words whose tag differs from
float32's, and with ``--f1`` the strict F1 on the whole file.

``--ort`` adds ONNX Runtime's float32 and int8 matrix products on the
encoder's three weight shapes against torch's (needs ``pip install onnx``
for building the graphs; rasad itself does not use it).

    PYTHONPATH=src .venv/bin/python benchmarks/encoder_kernels.py --lang fa --busy --f1
    PYTHONPATH=src .venv/bin/python benchmarks/encoder_kernels.py --lang ar --kernels fp32,int8 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

from rasad.extract.ner import kernels
from rasad.extract.ner.conll import read_conll, score
from rasad.extract.ner.neural import NeuralTagger
from rasad.extract.ner.tagger import model_dir, read_meta

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"
DEFAULT = {"fa": DATA / "fa/peyma/test.conll", "ar": DATA / "ar/anercorp/dev.conll"}


def _busy() -> subprocess.Popen[bytes]:
    """A process that keeps one core busy until killed."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def _rate(tagger: NeuralTagger, words: list[list[str]], reps: int) -> float:
    n = sum(map(len, words))
    tagger.log_probs(words[:40])  # warm-up: shapes and buffers
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        tagger.log_probs(words)
        best = min(best, time.perf_counter() - t0)
    return n / best


def _ort_matmuls(threads: int) -> list[dict[str, object]]:
    """words-free check: ONNX Runtime vs torch on the encoder's weight shapes (GFLOP/s)."""
    try:
        import onnx
        import onnxruntime as ort
        from onnx import TensorProto, helper, numpy_helper
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        return [{"ort": "skipped: pip install onnx to build the test graphs"}]
    import tempfile

    def timed(fn: object, n: int = 20) -> float:
        fn()  # type: ignore[operator]
        t0 = time.perf_counter()
        for _ in range(n):
            fn()  # type: ignore[operator]
        return (time.perf_counter() - t0) / n

    rows: list[dict[str, object]] = []
    rng = np.random.default_rng(0)
    torch.set_num_threads(threads)
    with tempfile.TemporaryDirectory() as tmp:
        for out_dim, in_dim in ((1152, 384), (1536, 384), (384, 1536)):
            w = (rng.standard_normal((in_dim, out_dim)) * 0.05).astype(np.float32)
            x = rng.standard_normal((4096, in_dim)).astype(np.float32)
            graph = helper.make_graph(
                [helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
                [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, in_dim])],
                [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, out_dim])],
                [numpy_helper.from_array(w, "w")],
            )  # fmt: skip
            path, qpath = f"{tmp}/m.onnx", f"{tmp}/mq.onnx"
            onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
            quantize_dynamic(path, qpath, weight_type=QuantType.QInt8, per_channel=True)
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads
            flops = 2 * 4096 * in_dim * out_dim
            s32 = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
            s8 = ort.InferenceSession(qpath, opts, providers=["CPUExecutionProvider"])
            xt, wt = torch.from_numpy(x), torch.from_numpy(np.ascontiguousarray(w.T))
            runs = {
                "torch_fp32_gflops": lambda xt=xt, wt=wt: torch.nn.functional.linear(xt, wt),
                "ort_fp32_gflops": lambda s=s32, x=x: s.run(None, {"x": x}),
                "ort_int8_gflops": lambda s=s8, x=x: s.run(None, {"x": x}),
            }
            row: dict[str, object] = {"shape": f"4096x{in_dim} @ {in_dim}x{out_dim}"}
            row.update({name: round(flops / timed(fn) / 1e9, 1) for name, fn in runs.items()})
            rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=["fa", "ar", "both"], default="both")
    ap.add_argument("--kernels", default=",".join(kernels.KERNELS), help="comma-separated (default: all)")
    ap.add_argument("--threads", default="1,2", help="comma-separated torch thread counts (default 1,2)")
    ap.add_argument("--sentences", type=int, default=600, help="sentences timed (default 600)")
    ap.add_argument("--reps", type=int, default=3, help="timed passes; the best is kept (default 3)")
    ap.add_argument("--busy", action="store_true", help="also time with one other core kept busy")
    ap.add_argument("--f1", action="store_true", help="strict F1 of each kernel on the whole file")
    ap.add_argument("--ort", action="store_true", help="ONNX Runtime matrix products against torch's")
    args = ap.parse_args()
    cpu = kernels.cpu_features()
    print(json.dumps({
        "cpu": platform.processor() or platform.machine(), "features": cpu.summary(),
        "auto_choice": kernels.choose().kernel, "torch": torch.__version__,
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }), flush=True)  # fmt: skip
    langs = ["fa", "ar"] if args.lang == "both" else [args.lang]
    kinds = [k.strip() for k in args.kernels.split(",") if k.strip()]
    thread_counts = [int(t) for t in args.threads.split(",")]
    for lang in langs:
        sents = read_conll(DEFAULT[lang])
        words = [w for w, _ in sents[: args.sentences]]
        folder = model_dir(lang)
        meta = read_meta(folder)
        reference: list[np.ndarray] | None = None
        for kind in ["fp32", *[k for k in kinds if k != "fp32"]]:
            tagger = NeuralTagger(folder, meta, kernel=kind)
            torch.set_num_threads(max(thread_counts))
            lp = tagger.log_probs(words)
            tags = np.concatenate([a.argmax(1) for a in lp if len(a)])
            if reference is None:
                reference = [a.argmax(1) for a in lp if len(a)]
            changed = float(np.mean(tags != np.concatenate(reference)))
            row: dict[str, object] = {"lang": lang, "kernel": kind, "words": sum(map(len, words)),
                                      "tags_changed_vs_fp32": round(changed, 4)}  # fmt: skip
            if kind not in kinds:
                continue
            if args.f1:
                pred = tagger.tag([w for w, _ in sents])
                row["f1"] = round(score([t for _, t in sents], [[t for t, _ in p] for p in pred]).overall()["f1"], 4)
            for threads in thread_counts:
                torch.set_num_threads(threads)
                row[f"words_per_s_{threads}t"] = round(_rate(tagger, words, args.reps))
                if args.busy:
                    hog = _busy()
                    try:
                        time.sleep(0.5)
                        row[f"words_per_s_{threads}t_busy"] = round(_rate(tagger, words, args.reps))
                    finally:
                        hog.kill()
                        hog.wait()
            print(json.dumps(row), flush=True)
    if args.ort:
        for threads in thread_counts:
            for r in _ort_matmuls(threads):
                print(json.dumps({"threads": threads, **r}), flush=True)


if __name__ == "__main__":
    main()
