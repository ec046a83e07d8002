"""drafter: 工作总结起草助手。"""
__version__ = "0.1.0"
