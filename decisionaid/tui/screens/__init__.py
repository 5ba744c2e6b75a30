"""The screens of the walk: welcome, question, result, review and the small modals."""
