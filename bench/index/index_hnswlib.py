#!/usr/bin/env python3
"""hnswlib reference run on the same .fvecs/.ivecs files as `hepchain-bench index`, printing the same JSON shape.

Usage: index_hnswlib.py --base B.fvecs --queries Q.fvecs [--gt G.ivecs] [--m 16] [--ef-construction 200]
                        [--ef 16,32,64,128,256] [--threads 1] [--space cosine]
Queries run one at a time (knn_query on a single row, in a loop) and, for reference, as one batched call with
num_threads=1, which removes the Python call overhead per query."""
import argparse, json, resource, time
import numpy as np
import hnswlib


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = raw[0]
    rows = raw.reshape(-1, dim + 1)[:, 1:]
    return np.ascontiguousarray(rows.view(dtype) if dtype == np.float32 else rows)


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--gt")
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=200)
    p.add_argument("--ef", default="16,32,64,128,256")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--space", default="cosine")
    p.add_argument("--k", type=int, default=10)
    a = p.parse_args()
    base = read_vecs(a.base, np.float32)
    queries = read_vecs(a.queries, np.float32)
    k = a.k
    if a.gt:
        truth = read_vecs(a.gt, np.int32)[: len(queries), :k]
        source = a.gt.split("/")[-1]
    else:
        b = base / np.linalg.norm(base, axis=1, keepdims=True)
        q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
        truth = np.argsort(-(q @ b.T), axis=1)[:, :k]
        source = "exact"

    rss_before = rss_bytes()
    index = hnswlib.Index(space=a.space, dim=base.shape[1])
    index.init_index(max_elements=len(base), M=a.m, ef_construction=a.ef_construction, random_seed=100)
    start, cpu_start = time.perf_counter(), time.process_time()
    index.add_items(base, np.arange(len(base)), num_threads=a.threads)
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rss_delta = rss_bytes() - rss_before

    results = []
    for ef in [int(x) for x in a.ef.split(",")]:
        index.set_ef(ef)
        index.knn_query(queries[:1], k=k, num_threads=1)
        start, cpu = time.perf_counter(), time.thread_time()
        labels = np.vstack([index.knn_query(queries[i : i + 1], k=k, num_threads=1)[0] for i in range(len(queries))])
        wall, cpu = time.perf_counter() - start, time.thread_time() - cpu
        start, cpu2 = time.perf_counter(), time.thread_time()
        batch_labels, _ = index.knn_query(queries, k=k, num_threads=1)
        batch_wall, cpu2 = time.perf_counter() - start, time.thread_time() - cpu2
        hits = sum(len(set(labels[i]) & set(truth[i])) for i in range(len(queries)))
        results.append({"ef": ef, "recall": hits / (len(queries) * k), "qps": len(queries) / wall,
                        "cpu_qps": len(queries) / cpu, "batch_qps": len(queries) / batch_wall,
                        "batch_cpu_qps": len(queries) / cpu2})
    print(json.dumps({"count": len(base), "dimension": int(base.shape[1]), "queries": len(queries), "k": k,
                      "threads": a.threads, "m": a.m, "ef_construction": a.ef_construction, "build_seconds": build, "build_cpu_seconds": build_cpu,
                      "memory_bytes": rss_delta, "ground_truth": source, "results": results}, sort_keys=True))


if __name__ == "__main__":
    main()
