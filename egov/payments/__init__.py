"""Fees paid online: a gateway contract over an append-only ledger, one real gateway protocol and an offline
sandbox.
"""
