"""A session to and from files: the downloads (network, trace, charts, ONNX), loading a saved
network back, and the charts drawn from a session for both."""
