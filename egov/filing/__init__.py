"""Online filing (nộp hồ sơ trực tuyến): drafts of a procedure's online form and papers, saved at every
step, checked and submitted.
"""
