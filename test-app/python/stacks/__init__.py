"""The Python twins of test-app/lib/*-stack.ts: same stack ids, construct ids, handler strings and props."""
