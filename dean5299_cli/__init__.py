"""dean5299: kiểm tra, tổng hợp số liệu và lập báo cáo Đề án 5299 (Đoàn TNCS Hồ Chí Minh, Bình Định)."""

__version__ = "0.1.0"
