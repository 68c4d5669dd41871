print("rag-server: not built yet")
