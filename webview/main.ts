// Search panel entry: filled in by the editor-experience issue.
export {};
