#!/usr/bin/env python3
"""The LangChain side of bench/langchain/langchain.sh: the indexing pipeline most LangChain users write.

PyPDFLoader (one document per page) and BSHTMLLoader, RecursiveCharacterTextSplitter(chunk_size=1000,
chunk_overlap=200), HuggingFaceEmbeddings on the local all-MiniLM-L6-v2 folder with normalised embeddings, and
Chroma.from_documents persisted to OUT_DIR. Offline: the model is read from MODEL_DIR, nothing is downloaded.

Usage: bench/langchain/langchain_index.py MODEL_DIR CORPUS_DIR OUT_DIR THREADS
Prints one JSON line: pages, chunks, and the seconds of each stage (the whole process is timed by the caller).
"""
import json
import os
import sys
import time

model_dir, corpus_dir, out_dir, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ[name] = str(threads)
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

import torch  # noqa: E402

torch.set_num_threads(threads)
torch.set_num_interop_threads(1)

from langchain_chroma import Chroma  # noqa: E402
from langchain_community.document_loaders import BSHTMLLoader, PyPDFLoader  # noqa: E402
from langchain_huggingface import HuggingFaceEmbeddings  # noqa: E402
from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402

start = time.perf_counter()
documents = []
for name in sorted(os.listdir(corpus_dir)):
    path = os.path.join(corpus_dir, name)
    if name.endswith(".pdf"):
        documents += PyPDFLoader(path).load()
    elif name.endswith(".html"):
        documents += BSHTMLLoader(path, open_encoding="utf-8").load()
loaded = time.perf_counter()
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(documents)
split = time.perf_counter()
embeddings = HuggingFaceEmbeddings(
    model_name=model_dir, model_kwargs={"device": "cpu"}, encode_kwargs={"normalize_embeddings": True})
Chroma.from_documents(chunks, embeddings, persist_directory=out_dir, collection_name="bench")
stored = time.perf_counter()
print(json.dumps({
    "pages": len(documents), "chunks": len(chunks), "loadSeconds": loaded - start, "splitSeconds": split - loaded,
    "embedAndStoreSeconds": stored - split,
}))
