"""The course's other systems as labs: the GAN lab, the Boltzmann machine and adversarial examples
— their set-ups, checks and lessons."""
