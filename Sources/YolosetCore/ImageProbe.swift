internal import CImageShims
