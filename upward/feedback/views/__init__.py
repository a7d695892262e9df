"""Pages for surveys, split by sub-domain: `answers` (my surveys, answering), `results` (a
program's surveys and their aggregated results) and `authoring` (writing custom surveys)."""
