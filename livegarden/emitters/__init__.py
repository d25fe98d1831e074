"""Emitters: the only code that writes files into the built site."""
