print("hepchain: not built yet")
