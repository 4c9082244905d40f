"""Loading: files into a typed, validated content model (front matter, contract, body)."""
