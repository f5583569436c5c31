import ExoCLI

ExoCheckMain.main()
