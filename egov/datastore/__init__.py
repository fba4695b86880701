"""The citizen's store of digitised papers and electronic results (kho dữ liệu điện tử của tổ chức, cá nhân;
Decree 45/2020, Decree 118/2025).
"""
