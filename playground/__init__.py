"""The Streamlit playground, in floors: each folder imports only the ones listed after it.

- ``live.py`` (the live area while playing), ``panels/`` (one module a panel), ``pages/``;
- ``controls.py``, ``layer_editor.py`` (the sidebar), ``labs/`` (GAN, Boltzmann, adversarial),
  ``teaching/`` (demos, presenter view), ``running/`` (turn-taking, counters, kept runs);
- ``saving/`` (downloads and loading), ``experiments/`` (compare runs, the tuning lab);
- ``session/`` (a student's session: state, the settings table, links, lessons, panels, notices);
- ``charts/`` (plain functions data -> image, no Streamlit), ``server/`` (SQL stores,
  checkpoints, Streamlit's runtime), ``navigation.py``; below them all, ``engine``.
"""
