"""Ask our experts: Q&A articles and questions from the public."""
