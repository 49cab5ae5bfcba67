namespace Gateway.LocalCognito;
