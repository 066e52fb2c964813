# Sentences many parts of ruche use.

did-you-mean = did you mean `{ $near }`?
