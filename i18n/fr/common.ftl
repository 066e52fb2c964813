# Des phrases communes à plusieurs parties de ruche.

did-you-mean = vouliez-vous dire `{ $near }` ?
