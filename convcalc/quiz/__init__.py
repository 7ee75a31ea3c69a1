"""Shape and parameter quizzes: questions about a model's layers, answers read as people write them,
the classic mistakes behind wrong answers, generated quizzes and a class's grades.

Pure logic: no click, no rich and no YAML (quiz and answer files are read and written through convcalc.readers).
Every right answer is a figure of the engine's Summary and every working comes from explain.py's
formulas, so a quiz can never disagree with `convcalc summary` or `convcalc explain`. A mistake is a
wrong formula worked with the layer's own numbers: a wrong answer equal to its value is diagnosed as it.

- parts.py: one number of an answer and the classic mistakes that miss it;
- shape_mistakes.py, count_mistakes.py: the catalogue, for output sizes and channels, and for
  parameters, MACs, receptive fields and the model's total;
- questions.py: what can be asked, a question with its parts and working, a quiz;
- answers.py: answers read as people write them; marking.py: one answer checked;
- files.py: quiz, answers and roster files; generating.py: random quizzes, one per student;
- handout.py: the printable Markdown; grading.py: a class graded, with feedback per student;
- names.py: whose file is it, matched to a class list as people name files; key_check.py: answers checked
  against a class's key alone;
- classroom.py: the files `quiz new` writes and `quiz grade` reads and writes, never overwritten unasked.
"""
