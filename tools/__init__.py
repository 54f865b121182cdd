"""Developer tools: the demo office, the bulk generator, the template and calendar builders, previews."""
