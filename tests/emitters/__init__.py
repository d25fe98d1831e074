"""Tests of livegarden.emitters."""
