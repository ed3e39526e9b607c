from podium.cli import main

if __name__ == "__main__":  # spawned worker processes import this module again: only run the command once
    main()
