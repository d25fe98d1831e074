print("lgmark-script")
